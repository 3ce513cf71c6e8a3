package csl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"quire/internal/testenv"
)

var fixtureFilter = flag.String("fixture", "", "run only the CSL fixtures whose name contains this")
var fixtureVerbose = flag.Bool("fixture.v", false, "show the output of failing CSL fixtures")

type fixture struct {
	name     string
	sections map[string]string
}

var sectionRe = regexp.MustCompile(`^>>=+ *([A-Z-]+) *=+>>`)

func readFixture(path string) (*fixture, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	f := &fixture{name: strings.TrimSuffix(filepath.Base(path), ".txt"), sections: map[string]string{}}
	var cur string
	var buf []string
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		ln := sc.Text()
		if cur == "" {
			if m := sectionRe.FindStringSubmatch(ln); m != nil {
				cur = m[1]
				buf = buf[:0]
			}
			continue
		}
		if strings.HasPrefix(ln, "<<==") {
			f.sections[cur] = strings.Join(buf, "\n")
			cur = ""
			continue
		}
		buf = append(buf, ln)
	}
	return f, nil
}

type localeCache struct {
	dir string
	mu  sync.Mutex
	m   map[string]*Locale
}

func (lc *localeCache) get(lang string) *Locale {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if l, ok := lc.m[lang]; ok {
		return l
	}
	src, err := os.ReadFile(filepath.Join(lc.dir, "locales-"+lang+".xml"))
	var l *Locale
	if err == nil {
		l, err = ParseLocale("locales-"+lang+".xml", src)
		if err != nil {
			panic(err)
		}
	}
	lc.m[lang] = l
	return l
}

type jsonCiteItem struct {
	ID             any    `json:"id"`
	Locator        any    `json:"locator"`
	Label          string `json:"label"`
	Prefix         string `json:"prefix"`
	Suffix         string `json:"suffix"`
	SuppressAuthor any    `json:"suppress-author"`
	AuthorOnly     any    `json:"author-only"`
}

func (j jsonCiteItem) toCiteItem() CiteItem {
	id, _ := scalarString(j.ID)
	loc, _ := scalarString(j.Locator)
	ci := CiteItem{ID: id, Locator: loc, Label: j.Label, Prefix: j.Prefix, Suffix: j.Suffix, SuppressAuthor: truthy(j.SuppressAuthor), AuthorOnly: truthy(j.AuthorOnly)}
	return ci
}

// runFixture returns the processor's output for a fixture.
func runFixture(f *fixture, lc *localeCache) (string, error) {
	st, err := ParseStyle(f.name+".csl", []byte(f.sections["CSL"]))
	if err != nil {
		return "", err
	}
	d := json.NewDecoder(strings.NewReader(f.sections["INPUT"]))
	d.UseNumber()
	var raw []map[string]any
	if err := d.Decode(&raw); err != nil {
		return "", fmt.Errorf("INPUT: %v", err)
	}
	var items []*Item
	index := map[string]int{}
	for _, m := range raw {
		it, err := ItemFromMap(m)
		if err != nil {
			return "", err
		}
		// a later item with the same id replaces an earlier one
		if i, dup := index[it.ID]; dup {
			items[i] = it
			continue
		}
		index[it.ID] = len(items)
		items = append(items, it)
	}
	var cits []Citation
	if s, ok := f.sections["CITATIONS"]; ok {
		var list [][]json.RawMessage
		if err := json.Unmarshal([]byte(s), &list); err != nil {
			return "", fmt.Errorf("CITATIONS: %v", err)
		}
		for _, entry := range list {
			var c struct {
				CitationID    string         `json:"citationID"`
				CitationItems []jsonCiteItem `json:"citationItems"`
				Properties    struct {
					NoteIndex int `json:"noteIndex"`
				} `json:"properties"`
			}
			if err := json.Unmarshal(entry[0], &c); err != nil {
				return "", fmt.Errorf("CITATIONS: %v", err)
			}
			cit := Citation{ID: c.CitationID, NoteIndex: c.Properties.NoteIndex}
			for _, ci := range c.CitationItems {
				cit.Items = append(cit.Items, ci.toCiteItem())
			}
			cits = append(cits, cit)
		}
		// the last call's citationsPre and citationsPost give the final
		// order of the citations and their note numbers; a later citation
		// with an ID replaces an earlier one
		byID := map[string]Citation{}
		for _, c := range cits {
			if c.ID != "" {
				byID[c.ID] = c
			}
		}
		var lastEntry []json.RawMessage
		if len(list) > 0 {
			lastEntry = list[len(list)-1]
		}
		var pre, post [][2]any
		if len(lastEntry) == 3 {
			json.Unmarshal(lastEntry[1], &pre)
			json.Unmarshal(lastEntry[2], &post)
		}
		var ordered []Citation
		ok := true
		addRef := func(ref [2]any) {
			id, _ := ref[0].(string)
			c, found := byID[id]
			if !found {
				ok = false
				return
			}
			if n, isNum := ref[1].(float64); isNum {
				c.NoteIndex = int(n)
			}
			ordered = append(ordered, c)
		}
		for _, r := range pre {
			addRef(r)
		}
		last := cits[len(cits)-1]
		ordered = append(ordered, byID[last.ID])
		for _, r := range post {
			addRef(r)
		}
		if ok && last.ID != "" {
			cits = ordered
		} else {
			var dedup []Citation
			for i, c := range cits {
				later := false
				for _, d := range cits[i+1:] {
					if c.ID != "" && d.ID == c.ID {
						later = true
					}
				}
				if !later {
					dedup = append(dedup, c)
				}
			}
			cits = dedup
		}
	} else if s, ok := f.sections["CITATION-ITEMS"]; ok {
		var list [][]jsonCiteItem
		if err := json.Unmarshal([]byte(s), &list); err != nil {
			return "", fmt.Errorf("CITATION-ITEMS: %v", err)
		}
		for i, l := range list {
			cit := Citation{NoteIndex: i + 1}
			for _, ci := range l {
				cit.Items = append(cit.Items, ci.toCiteItem())
			}
			cits = append(cits, cit)
		}
	} else if f.sections["MODE"] == "citation" {
		// one citation of all items, in the order of the bibliography (as
		// citeproc-js's runner builds it)
		p, err := NewProcessor(st, "", lc.get, items)
		if err != nil {
			return "", err
		}
		var c Citation
		for _, it := range p.bibOrder(nil) {
			c.Items = append(c.Items, CiteItem{ID: it.ID})
		}
		cits = []Citation{c}
	} else {
		for _, it := range items {
			cits = append(cits, Citation{Items: []CiteItem{{ID: it.ID}}})
		}
	}
	bibItems := items
	if _, ok := f.sections["CITATIONS"]; ok || f.sections["CITATION-ITEMS"] != "" {
		// the bibliography holds the cited items only
		cited := map[string]bool{}
		for _, c := range cits {
			for _, ci := range c.Items {
				cited[ci.ID] = true
			}
		}
		bibItems = nil
		for _, it := range items {
			if cited[it.ID] {
				bibItems = append(bibItems, it)
			}
		}
	}
	p, err := NewProcessor(st, "", lc.get, bibItems)
	if err != nil {
		return "", err
	}
	p.EmptyCite = "[CSL STYLE ERROR: reference with no printed form.]"
	res := p.Process(cits)
	switch strings.TrimSpace(f.sections["MODE"]) {
	case "citation":
		var lines []string
		for _, c := range res.Citations {
			lines = append(lines, p.HTML(c))
		}
		return strings.Join(lines, "\n"), nil
	case "bibliography":
		var b strings.Builder
		b.WriteString(`<div class="csl-bib-body">`)
		b.WriteString("\n")
		for _, e := range res.Bibliography {
			b.WriteString("  <div class=\"csl-entry\">" + p.HTML(e.Text) + "</div>\n")
		}
		b.WriteString("</div>")
		return b.String(), nil
	}
	return "", fmt.Errorf("mode %q not supported", f.sections["MODE"])
}

var citeNumRe = regexp.MustCompile(`(?m)^(>>|\.\.)\[\d+\] ?`)

func expected(f *fixture) string {
	r := f.sections["RESULT"]
	if _, ok := f.sections["CITATIONS"]; ok {
		r = citeNumRe.ReplaceAllString(r, "")
	}
	return r
}

func loadKnownFailures(t *testing.T) map[string]string {
	src, err := os.ReadFile("testdata/known-failures.txt")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, ln := range strings.Split(string(src), "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		name, why, _ := strings.Cut(ln, " ")
		m[name] = strings.TrimSpace(why)
	}
	return m
}

// TestFixtures runs the CSL test suite. A fixture that fails must be in
// testdata/known-failures.txt with its reason; one listed that passes
// fails the test too, so that the list stays true.
func TestFixtures(t *testing.T) {
	dir := filepath.Join(testenv.SharedData(t), "csl")
	files, err := filepath.Glob(filepath.Join(dir, "fixtures", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	known := loadKnownFailures(t)
	lc := &localeCache{dir: filepath.Join(dir, "locales"), m: map[string]*Locale{}}
	type result struct {
		name string
		ok   bool
		got  string
		want string
		err  error
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		if *fixtureFilter != "" && !strings.Contains(name, *fixtureFilter) {
			results[i] = result{name: "", ok: true}
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, path, name string) {
			defer wg.Done()
			defer func() { <-sem }()
			r := result{name: name}
			defer func() {
				if e := recover(); e != nil {
					r.err = fmt.Errorf("panic: %v", e)
					results[i] = r
				}
			}()
			f, err := readFixture(path)
			if err != nil {
				r.err = err
				results[i] = r
				return
			}
			r.want = expected(f)
			r.got, r.err = runFixture(f, lc)
			r.ok = r.err == nil && r.got == r.want
			results[i] = r
		}(i, path, name)
	}
	wg.Wait()
	pass := map[string]int{}
	total := map[string]int{}
	passed, failed := 0, 0
	var newFail, stale []string
	for _, r := range results {
		if r.name == "" {
			continue
		}
		cat, _, _ := strings.Cut(r.name, "_")
		total[cat]++
		if r.ok {
			pass[cat]++
			passed++
			if _, listed := known[r.name]; listed && *fixtureFilter == "" {
				stale = append(stale, r.name)
			}
			continue
		}
		failed++
		if _, listed := known[r.name]; !listed {
			newFail = append(newFail, r.name)
		}
		if *fixtureVerbose || *fixtureFilter != "" {
			if r.err != nil {
				t.Logf("%s: error: %v", r.name, r.err)
			} else {
				t.Logf("%s:\nwant:\n%s\ngot:\n%s", r.name, r.want, r.got)
			}
		}
	}
	var cats []string
	for c := range total {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var b strings.Builder
	for _, c := range cats {
		fmt.Fprintf(&b, "  %-14s %4d / %4d\n", c, pass[c], total[c])
	}
	t.Logf("CSL fixtures: %d of %d pass\n%s", passed, passed+failed, b.String())
	if *fixtureFilter != "" {
		return
	}
	sort.Strings(newFail)
	for _, n := range newFail {
		t.Errorf("fixture %s fails and is not in testdata/known-failures.txt", n)
	}
	for _, n := range stale {
		t.Errorf("fixture %s passes now: remove it from testdata/known-failures.txt", n)
	}
	if passed < 790 {
		t.Errorf("only %d fixtures pass; at least 790 must", passed)
	}
}

// TestQuireFixtures runs fixtures of this package's own, in the suite's
// format, for what the suite does not cover (BibTeX's "and others", et al.
// in titles): all must pass.
func TestQuireFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata/fixtures")
	}
	lc := &localeCache{dir: filepath.Join(testenv.SharedData(t), "csl", "locales"), m: map[string]*Locale{}}
	for _, path := range files {
		f, err := readFixture(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := runFixture(f, lc)
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
		} else if want := expected(f); got != want {
			t.Errorf("%s:\nwant:\n%s\ngot:\n%s", f.name, want, got)
		}
	}
}
