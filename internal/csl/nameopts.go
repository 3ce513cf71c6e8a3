package csl

import "strconv"

// nameOpts are the options of one <name> element in force under a layout.
type nameOpts struct {
	and                         string // "", "text", "symbol"
	delim                       string
	delimPrecedesEtAl           string
	delimPrecedesLast           string
	etAlMin, etAlUseFirst       int
	hasEtAlUseFirst             bool
	etAlSubMin, etAlSubUseFirst int
	etAlUseLast                 bool
	form                        string // long | short | count
	initialize                  bool
	initializeWith              string
	hasInitializeWith           bool
	asSortOrder                 string // "" | first | all
	sortSep                     string
	family, given, f            Formatting
	namesDelim                  string
	hasNamesDelim               bool

	// the formattings as formatName applies them, nil when empty: the
	// family and given name parts' affixes apart from their font styles
	famAff, givAff, famF, givF, fP *Formatting
}

func resolveNameOpts(inherit map[string]string, ne *nameElem) *nameOpts {
	get := func(name string) (string, bool) {
		if ne != nil {
			if v, ok := ne.attrs[name]; ok {
				return v, true
			}
		}
		alias := ""
		switch name {
		case "form":
			alias = "name-form"
		case "delimiter":
			alias = "name-delimiter"
		}
		if alias != "" {
			if v, ok := inherit[alias]; ok {
				return v, true
			}
			return "", false
		}
		v, ok := inherit[name]
		return v, ok
	}
	num := func(name string) int {
		v, _ := get(name)
		i, _ := strconv.Atoi(v)
		return i
	}
	o := &nameOpts{delim: ", ", delimPrecedesEtAl: "contextual", delimPrecedesLast: "contextual", form: "long", initialize: true, sortSep: ", "}
	o.and, _ = get("and")
	if v, ok := get("delimiter"); ok {
		o.delim = v
	}
	if v, ok := get("delimiter-precedes-et-al"); ok {
		o.delimPrecedesEtAl = v
	}
	if v, ok := get("delimiter-precedes-last"); ok {
		o.delimPrecedesLast = v
	}
	o.etAlMin = num("et-al-min")
	o.etAlUseFirst = num("et-al-use-first")
	_, o.hasEtAlUseFirst = get("et-al-use-first")
	if !o.hasEtAlUseFirst {
		o.etAlMin = 0 // et-al-min alone does not truncate
	}
	o.etAlSubMin, o.etAlSubUseFirst = o.etAlMin, o.etAlUseFirst
	if _, ok := get("et-al-subsequent-min"); ok {
		o.etAlSubMin = num("et-al-subsequent-min")
	}
	if _, ok := get("et-al-subsequent-use-first"); ok {
		o.etAlSubUseFirst = num("et-al-subsequent-use-first")
	}
	if v, _ := get("et-al-use-last"); v == "true" {
		o.etAlUseLast = true
	}
	if v, ok := get("form"); ok {
		o.form = v
	}
	if v, ok := get("initialize"); ok {
		o.initialize = v != "false"
	}
	o.initializeWith, o.hasInitializeWith = get("initialize-with")
	o.asSortOrder, _ = get("name-as-sort-order")
	if v, ok := get("sort-separator"); ok {
		o.sortSep = v
	}
	if ne != nil {
		o.family, o.given, o.f = ne.family, ne.given, ne.f
	}
	o.namesDelim, o.hasNamesDelim = inherit["names-delimiter"]
	famF, givF := o.family, o.given
	o.famAff = fmtPtr(Formatting{Prefix: famF.Prefix, Suffix: famF.Suffix})
	o.givAff = fmtPtr(Formatting{Prefix: givF.Prefix, Suffix: givF.Suffix})
	famF.Prefix, famF.Suffix = "", ""
	givF.Prefix, givF.Suffix = "", ""
	o.famF, o.givF, o.fP = fmtPtr(famF), fmtPtr(givF), fmtPtr(o.f)
	return o
}
