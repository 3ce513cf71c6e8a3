package csl

// Term returns the text of the long form of a term of the locale itself
// (no fallback to another locale), in the singular: Term("open-quote"),
// Term("et-al"). ok is false when the locale does not define it.
func (l *Locale) Term(name string) (text string, ok bool) {
	for _, t := range l.terms[name] {
		if t.Form == "long" && t.GenderForm == "" {
			return t.Single, true
		}
	}
	return "", false
}
