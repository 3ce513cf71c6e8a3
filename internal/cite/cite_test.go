package cite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/testenv"
)

func loadTestLib(t *testing.T, files ...string) *Library {
	t.Helper()
	var diags diag.List
	lib := Load(files, testFolder(t, "testdata"), &diags)
	if diags.HasErrors() {
		t.Fatalf("loading %v:\n%v", files, diags.Err())
	}
	return lib
}

// para makes a paragraph "text" followed by a citation and "after".
func para(text string, c doc.Citation, after string) *doc.Paragraph {
	in := []doc.Inline{doc.Text{S: text}, c}
	if after != "" {
		in = append(in, doc.Text{S: after})
	}
	return &doc.Paragraph{Content: in}
}

func cite(key, loc string) doc.Citation {
	return doc.Citation{Items: []doc.CiteItem{{Key: key, Locator: loc}}}
}

// notes returns the notes of d in order.
func notes(d *doc.Document) []*doc.Note {
	var out []*doc.Note
	var visit func(in []doc.Inline)
	visit = func(in []doc.Inline) {
		for _, x := range in {
			switch x := x.(type) {
			case doc.NoteRef:
				out = append(out, x.Note)
				for _, b := range x.Note.Blocks {
					if p, ok := b.(*doc.Paragraph); ok {
						visit(p.Content)
					}
				}
			case doc.Emph:
				visit(x.Content)
			}
		}
	}
	for _, b := range d.Blocks {
		if p, ok := b.(*doc.Paragraph); ok {
			visit(p.Content)
		}
	}
	return out
}

func noteContent(n *doc.Note) []doc.Inline {
	var in []doc.Inline
	for _, b := range n.Blocks {
		in = append(in, b.(*doc.Paragraph).Content...)
	}
	return in
}

// emphs lists the text of every Emph in in, at any depth.
func emphs(in []doc.Inline) []string {
	var out []string
	for _, x := range in {
		switch x := x.(type) {
		case doc.Emph:
			out = append(out, doc.PlainText(x.Content))
		case doc.Ref:
			out = append(out, emphs(x.Content)...)
		case doc.Link:
			out = append(out, emphs(x.Content)...)
		}
	}
	return out
}

func bibliography(d *doc.Document) *doc.Bibliography {
	for _, b := range d.Blocks {
		if b, ok := b.(*doc.Bibliography); ok {
			return b
		}
	}
	return nil
}

func bibEntry(t *testing.T, b *doc.Bibliography, key string) []doc.Inline {
	t.Helper()
	for i, id := range b.IDs {
		if id == "ref-"+key {
			return b.Entries[i]
		}
	}
	t.Fatalf("no bibliography entry %q in %v", key, b.IDs)
	return nil
}

type form struct {
	key        string
	loc        string
	full       string
	short      string
	bib        string
	emph       string // the italic part of the full note and entry, if any
	authorDate string // reference-list entry
}

var forms = []form{
	{
		key:        "coox1985",
		loc:        "45",
		full:       "Alvin D. Coox, Nomonhan: Japan against Russia, 1939 (Stanford, CA: Stanford University Press, 1985), 45.",
		short:      "Coox, Nomonhan, 45.",
		bib:        "Coox, Alvin D. Nomonhan: Japan against Russia, 1939. Stanford, CA: Stanford University Press, 1985.",
		emph:       "Nomonhan: Japan against Russia, 1939",
		authorDate: "Coox, Alvin D. 1985a. Nomonhan: Japan against Russia, 1939. Stanford, CA: Stanford University Press.",
	},
	{
		key:        "coox1985myth",
		full:       "Alvin D. Coox, “The Myth of the Kwantung Army,” Marine Corps Gazette 42, no. 1 (1985): 10–12.",
		short:      "Coox, “Myth of the Kwantung Army.”", // a braced name is not cut
		bib:        "———. “The Myth of the Kwantung Army.” Marine Corps Gazette 42, no. 1 (1985): 10–12.",
		emph:       "Marine Corps Gazette",
		authorDate: "———. 1985b. “The Myth of the Kwantung Army.” Marine Corps Gazette 42 (1): 10–12.",
	},
	{ // edited book
		key:        "hasegawa2007",
		loc:        "12",
		full:       "Tsuyoshi Hasegawa, ed., The End of the Pacific War: Reappraisals (Stanford, CA: Stanford University Press, 2007), 12.",
		short:      "Hasegawa, End of the Pacific War, 12.", // a braced name is not cut
		bib:        "Hasegawa, Tsuyoshi, ed. The End of the Pacific War: Reappraisals. Stanford, CA: Stanford University Press, 2007.",
		emph:       "The End of the Pacific War: Reappraisals",
		authorDate: "Hasegawa, Tsuyoshi, ed. 2007. The End of the Pacific War: Reappraisals. Stanford, CA: Stanford University Press.",
	},
	{ // chapter in an edited book
		key:        "drea2007",
		loc:        "12",
		full:       "Edward J. Drea, “Imperial Japanese Army Strategy and the Pacific War,” in The End of the Pacific War: Reappraisals, ed. Tsuyoshi Hasegawa (Stanford, CA: Stanford University Press, 2007), 12.",
		short:      "Drea, “Imperial Japanese Army Strategy,” 12.",
		bib:        "Drea, Edward J. “Imperial Japanese Army Strategy and the Pacific War.” In The End of the Pacific War: Reappraisals, edited by Tsuyoshi Hasegawa, 1–30. Stanford, CA: Stanford University Press, 2007.",
		emph:       "The End of the Pacific War: Reappraisals",
		authorDate: "Drea, Edward J. 2007. “Imperial Japanese Army Strategy and the Pacific War.” In The End of the Pacific War: Reappraisals, edited by Tsuyoshi Hasegawa, 1–30. Stanford, CA: Stanford University Press.",
	},
	{ // journal article with DOI
		key:        "hata1988",
		loc:        "50",
		full:       "Ikuhiko Hata, “Continental Expansion, 1905–1941,” Journal of Japanese Studies 14, no. 2 (June 1988): 50, https://doi.org/10.2307/132456.",
		short:      "Hata, “Continental Expansion, 1905–1941,” 50.",
		bib:        "Hata, Ikuhiko. “Continental Expansion, 1905–1941.” Journal of Japanese Studies 14, no. 2 (June 1988): 45–67. https://doi.org/10.2307/132456.",
		emph:       "Journal of Japanese Studies",
		authorDate: "Hata, Ikuhiko. 1988. “Continental Expansion, 1905–1941.” Journal of Japanese Studies 14 (2): 45–67. https://doi.org/10.2307/132456.",
	},
	{ // translated work
		key:        "maruyama1963",
		loc:        "7",
		full:       "Masao Maruyama, Thought and Behaviour in Modern Japanese Politics, trans. Ivan Morris (London: Oxford University Press, 1963), 7.",
		short:      "Maruyama, Thought and Behaviour, 7.",
		bib:        "Maruyama, Masao. Thought and Behaviour in Modern Japanese Politics. Translated by Ivan Morris. London: Oxford University Press, 1963.",
		emph:       "Thought and Behaviour in Modern Japanese Politics",
		authorDate: "Maruyama, Masao. 1963. Thought and Behaviour in Modern Japanese Politics. Translated by Ivan Morris. London: Oxford University Press.",
	},
	{ // multivolume work, whole
		key:        "ienaga1982",
		loc:        "45",
		full:       "Saburō Ienaga, Nihon bunka shi (Tōkyō: Iwanami Shoten, 1982), 45.",
		short:      "Ienaga, Nihon bunka shi, 45.",
		bib:        "Ienaga, Saburō. Nihon bunka shi. 3 vols. Tōkyō: Iwanami Shoten, 1982.",
		emph:       "Nihon bunka shi",
		authorDate: "Ienaga, Saburō. 1982. Nihon bunka shi. 3 vols. Tōkyō: Iwanami Shoten.",
	},
	{ // one volume of a multivolume work
		key:        "morison1948",
		loc:        "80",
		full:       "Samuel Eliot Morison, History of United States Naval Operations in World War II, vol. 3 (Boston: Little, Brown, 1948), 80.",
		short:      "Morison, History of United States, 3:80.",
		bib:        "Morison, Samuel Eliot. History of United States Naval Operations in World War II. Vol. 3. Boston: Little, Brown, 1948.",
		emph:       "History of United States Naval Operations in World War II",
		authorDate: "Morison, Samuel Eliot. 1948. History of United States Naval Operations in World War II. Vol. 3. Boston: Little, Brown.",
	},
	{ // thesis
		key:        "kato2015",
		loc:        "88",
		full:       "Yūki Katō, “Memory and Empire: The Kwantung Army in Postwar Narrative” (PhD thesis, University of Chicago, 2015), 88.",
		short:      "Katō, “Memory and Empire,” 88.",
		bib:        "Katō, Yūki. “Memory and Empire: The Kwantung Army in Postwar Narrative.” PhD thesis, University of Chicago, 2015.",
		authorDate: "Katō, Yūki. 2015. “Memory and Empire: The Kwantung Army in Postwar Narrative.” PhD thesis, University of Chicago.",
	},
	{ // report
		key:        "smith1960",
		loc:        "3",
		full:       "Jane Smith, “Logistics in the Far East,” Technical Report (Santa Monica, CA: RAND Corporation, 1960), 3.",
		short:      "Smith, “Logistics,” 3.",
		bib:        "Smith, Jane. “Logistics in the Far East.” Technical Report. Santa Monica, CA: RAND Corporation, 1960.",
		authorDate: "Smith, Jane. 1960. “Logistics in the Far East.” Technical Report R-123. Santa Monica, CA: RAND Corporation.",
	},
	{ // web page by a corporate author, with access date
		key:        "mofa2023",
		full:       "Ministry of Foreign Affairs of Japan, “Japan–Russia Relations,” November 2, 2023, https://www.mofa.go.jp/region/europe/russia/.",
		short:      "Ministry of Foreign Affairs of Japan, “Japan–Russia Relations.”",
		bib:        "Ministry of Foreign Affairs of Japan. “Japan–Russia Relations,” November 2, 2023. https://www.mofa.go.jp/region/europe/russia/.",
		authorDate: "Ministry of Foreign Affairs of Japan. 2023. “Japan–Russia Relations.” November 2, 2023. https://www.mofa.go.jp/region/europe/russia/.",
	},
	{ // two authors
		key:        "young1998",
		loc:        "10",
		full:       "Louise Young and Andrew Gordon, Total Empire (Berkeley: University of California Press, 1998), 10.",
		short:      "Young and Gordon, Total Empire, 10.",
		bib:        "Young, Louise, and Andrew Gordon. Total Empire. Berkeley: University of California Press, 1998.",
		emph:       "Total Empire",
		authorDate: "Young, Louise, and Andrew Gordon. 1998. Total Empire. Berkeley: University of California Press.",
	},
	{ // three authors
		key:        "dower2000",
		loc:        "5",
		full:       "John W. Dower, Carol Gluck, and Harry Harootunian, Legacies (New York: Norton, 2000), 5.",
		short:      "Dower, Gluck, and Harootunian, Legacies, 5.",
		bib:        "Dower, John W., Carol Gluck, and Harry Harootunian. Legacies. New York: Norton, 2000.",
		emph:       "Legacies",
		authorDate: "Dower, John W., Carol Gluck, and Harry Harootunian. 2000. Legacies. New York: Norton.",
	},
	{ // four authors
		key:        "tanaka2010",
		loc:        "9",
		full:       "Aki Tanaka et al., Field Notes (Tōkyō: Heibonsha, 2010), 9.",
		short:      "Tanaka et al., Field Notes, 9.",
		bib:        "Tanaka, Aki, Ken Satō, Mei Itō, and Jun Abe. Field Notes. Tōkyō: Heibonsha, 2010.",
		emph:       "Field Notes",
		authorDate: "Tanaka, Aki, Ken Satō, Mei Itō, and Jun Abe. 2010. Field Notes. Tōkyō: Heibonsha.",
	},
	{ // edition and series
		key:        "gluck1985",
		loc:        "30",
		full:       "Carol Gluck, Japan’s Modern Myths: Ideology in the Late Meiji Period, 2nd ed., Studies of the East Asian Institute (Princeton, NJ: Princeton University Press, 1987), 30.",
		short:      "Gluck, Japan’s Modern Myths, 30.",
		bib:        "Gluck, Carol. Japan’s Modern Myths: Ideology in the Late Meiji Period. 2nd ed. Studies of the East Asian Institute. Princeton, NJ: Princeton University Press, 1987.",
		emph:       "Japan’s Modern Myths: Ideology in the Late Meiji Period",
		authorDate: "Gluck, Carol. 1987. Japan’s Modern Myths: Ideology in the Late Meiji Period. 2nd ed. Studies of the East Asian Institute. Princeton, NJ: Princeton University Press.",
	},
	{ // three editors
		key:        "duus1989",
		loc:        "3",
		full:       "Peter Duus, Ramon H. Myers, and Mark R. Peattie, eds., The Japanese Informal Empire in China, 1895–1937 (Princeton, NJ: Princeton University Press, 1989), 3.",
		short:      "Duus, Myers, and Peattie, Japanese Informal Empire, 3.",
		bib:        "Duus, Peter, Ramon H. Myers, and Mark R. Peattie, eds. The Japanese Informal Empire in China, 1895–1937. Princeton, NJ: Princeton University Press, 1989.",
		emph:       "The Japanese Informal Empire in China, 1895–1937",
		authorDate: "Duus, Peter, Ramon H. Myers, and Mark R. Peattie, eds. 1989. The Japanese Informal Empire in China, 1895–1937. Princeton, NJ: Princeton University Press.",
	},
}

// formsDoc cites every form twice, each in its own paragraph.
func formsDoc(st string) *doc.Document {
	d := &doc.Document{Meta: doc.Meta{CitationStyle: st}}
	for _, f := range forms {
		d.Blocks = append(d.Blocks, para("First", cite(f.key, f.loc), "."), para("Again", cite(f.key, f.loc), "."))
	}
	return d
}

func TestChicagoNotes(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	d := formsDoc("")
	var diags diag.List
	Process(d, lib, &diags)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	ns := notes(d)
	if len(ns) != 2*len(forms) {
		t.Fatalf("got %d notes, want %d", len(ns), 2*len(forms))
	}
	bib := bibliography(d)
	if bib == nil {
		t.Fatal("no bibliography added")
	}
	if bib.Title != "Bibliography" || !bib.Hanging {
		t.Errorf("bibliography title %q, hanging %v", bib.Title, bib.Hanging)
	}
	for i, f := range forms {
		full, short := noteContent(ns[2*i]), noteContent(ns[2*i+1])
		if ns[2*i].Number != 2*i+1 {
			t.Errorf("%s: note number %d, want %d", f.key, ns[2*i].Number, 2*i+1)
		}
		if got := doc.PlainText(full); got != f.full {
			t.Errorf("%s full note:\n got %s\nwant %s", f.key, got, f.full)
		}
		if got := doc.PlainText(short); got != f.short {
			t.Errorf("%s short note:\n got %s\nwant %s", f.key, got, f.short)
		}
		entry := bibEntry(t, bib, f.key)
		if got := doc.PlainText(entry); got != f.bib {
			t.Errorf("%s bibliography:\n got %s\nwant %s", f.key, got, f.bib)
		}
		for what, in := range map[string][]doc.Inline{"note": full, "entry": entry} {
			got := emphs(in)
			if f.emph == "" && len(got) != 0 || f.emph != "" && (len(got) != 1 || got[0] != f.emph) {
				t.Errorf("%s %s italics: got %q, want %q", f.key, what, got, f.emph)
			}
		}
		// The author and title link to the entry.
		if r, ok := full[0].(doc.Ref); !ok || r.Target != "ref-"+f.key {
			t.Errorf("%s: note does not start with a Ref to its entry: %#v", f.key, full[0])
		}
	}
	// Sorted by author surname, then title (CSL does not drop an initial
	// article: "Nomonhan" before "The Myth"); uncited entries left out.
	want := []string{"ref-coox1985", "ref-coox1985myth", "ref-dower2000", "ref-drea2007", "ref-duus1989",
		"ref-gluck1985", "ref-hasegawa2007", "ref-hata1988", "ref-ienaga1982", "ref-kato2015",
		"ref-maruyama1963", "ref-mofa2023", "ref-morison1948", "ref-smith1960", "ref-tanaka2010", "ref-young1998"}
	if strings.Join(bib.IDs, " ") != strings.Join(want, " ") {
		t.Errorf("bibliography order:\n got %v\nwant %v", bib.IDs, want)
	}
}

func TestChicagoAuthorDateList(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	d := formsDoc(ChicagoAuthorDate)
	var diags diag.List
	Process(d, lib, &diags)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	bib := bibliography(d)
	if bib.Title != "References" {
		t.Errorf("title %q", bib.Title)
	}
	for _, f := range forms {
		if got := doc.PlainText(bibEntry(t, bib, f.key)); got != f.authorDate {
			t.Errorf("%s reference:\n got %s\nwant %s", f.key, got, f.authorDate)
		}
	}
}

func TestLinks(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	d := &doc.Document{Blocks: []doc.Block{para("A", cite("hata1988", ""), ".")}}
	Process(d, lib, &diag.List{})
	entry := bibEntry(t, bibliography(d), "hata1988")
	var link *doc.Link
	for _, x := range entry {
		if l, ok := x.(doc.Link); ok {
			link = &l
		}
	}
	if link == nil || link.URL != "https://doi.org/10.2307/132456" {
		t.Errorf("DOI link: %#v", link)
	}
}

func adDoc(cs ...doc.Citation) *doc.Document {
	d := &doc.Document{Meta: doc.Meta{CitationStyle: ChicagoAuthorDate, NoCite: []string{"*"}}}
	for _, c := range cs {
		d.Blocks = append(d.Blocks, para("X ", c, ""))
	}
	return d
}

func TestAuthorDateCitations(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	tests := []struct {
		c    doc.Citation
		want string
	}{
		{cite("coox1985", "45"), "X (Coox 1985a, 45)"},
		{cite("coox1985myth", ""), "X (Coox 1985b)"},
		{doc.Citation{InText: true, Items: []doc.CiteItem{{Key: "coox1985"}}}, "X Coox (1985a)"},
		{doc.Citation{InText: true, Items: []doc.CiteItem{{Key: "coox1985", Locator: "45"}}}, "X Coox (1985a, 45)"},
		{doc.Citation{Items: []doc.CiteItem{{Key: "coox1985", SuppressAuthor: true}}}, "X (1985a)"},
		{doc.Citation{Items: []doc.CiteItem{{Key: "coox1985", Prefix: "see", Locator: "45"}, {Key: "hasegawa2007"}}},
			"X (see Coox 1985a, 45; Hasegawa 2007)"},
		{cite("tanaka2010", ""), "X (Tanaka et al. 2010)"},
		{doc.Citation{Items: []doc.CiteItem{{Key: "tanaka2010", Suffix: "and passim"}}}, "X (Tanaka et al. 2010 and passim)"},
		{doc.Citation{Items: []doc.CiteItem{{Key: "tanaka2010", Locator: "9, emphasis added"}}}, "X (Tanaka et al. 2010, 9, emphasis added)"},
		{cite("dower2000", "5"), "X (Dower, Gluck, and Harootunian 2000, 5)"},
		{cite("young1998", ""), "X (Young and Gordon 1998)"},
		{cite("mofa2023", ""), "X (Ministry of Foreign Affairs of Japan 2023)"},
	}
	for _, tt := range tests {
		d := adDoc(tt.c)
		Process(d, lib, &diag.List{})
		got := doc.PlainText(d.Blocks[0].(*doc.Paragraph).Content)
		if got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	// The citation links to the entry.
	d := adDoc(cite("coox1985", "45"))
	Process(d, lib, &diag.List{})
	found := false
	for _, x := range d.Blocks[0].(*doc.Paragraph).Content {
		if r, ok := x.(doc.Ref); ok && r.Target == "ref-coox1985" && doc.PlainText(r.Content) == "Coox 1985a, 45" {
			found = true
		}
	}
	if !found {
		t.Errorf("no Ref to ref-coox1985: %#v", d.Blocks[0])
	}
}

func TestNoteInsideFootnote(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	note := &doc.Note{Blocks: []doc.Block{para("See ", cite("coox1985", "45"), " for the battle.")}}
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Text."}, doc.NoteRef{Note: note}}},
		para("More", cite("coox1985", "46"), "."),
	}}
	Process(d, lib, &diag.List{})
	ns := notes(d)
	if len(ns) != 2 {
		t.Fatalf("got %d notes", len(ns))
	}
	if got, want := doc.PlainText(noteContent(ns[0])), "See Alvin D. Coox, Nomonhan: Japan against Russia, 1939 (Stanford, CA: Stanford University Press, 1985), 45 for the battle."; got != want {
		t.Errorf("in-note citation:\n got %s\nwant %s", got, want)
	}
	if got, want := doc.PlainText(noteContent(ns[1])), "Coox, Nomonhan, 46."; got != want {
		t.Errorf("following note: got %q, want %q", got, want)
	}
	if ns[0].Number != 1 || ns[1].Number != 2 {
		t.Errorf("numbers %d %d", ns[0].Number, ns[1].Number)
	}
}

func TestPunctuationBeforeNote(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	d := &doc.Document{Blocks: []doc.Block{
		para("As Coox shows ", cite("coox1985", "45"), ". Next"),
		para("One ", cite("coox1985", "46"), ", two"),
		para("None ", cite("coox1985", ""), " here"),
	}}
	Process(d, lib, &diag.List{})
	shape := func(in []doc.Inline) string {
		var b strings.Builder
		for _, x := range in {
			switch x := x.(type) {
			case doc.Text:
				b.WriteString(x.S)
			case doc.NoteRef:
				b.WriteString("^")
			}
		}
		return b.String()
	}
	for i, want := range []string{"As Coox shows.^ Next", "One,^ two", "None^ here"} {
		if got := shape(d.Blocks[i].(*doc.Paragraph).Content); got != want {
			t.Errorf("paragraph %d: got %q, want %q", i, got, want)
		}
	}
}

func TestIbid(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	mk := func(ibid bool) *doc.Document {
		return &doc.Document{Meta: doc.Meta{Ibid: ibid}, Blocks: []doc.Block{
			para("A", cite("coox1985", "45"), "."),
			para("B", cite("coox1985", "46"), "."),
			para("C", cite("coox1985", ""), "."),
			para("D", cite("hata1988", "50"), "."),
			para("E", cite("coox1985", "47"), "."),
			para("F", doc.Citation{Items: []doc.CiteItem{{Key: "coox1985"}, {Key: "hata1988"}}}, "."),
			para("G", cite("coox1985", "48"), "."),
			para("H", doc.Citation{Items: []doc.CiteItem{{Key: "coox1985", Prefix: "see", Locator: "49"}}}, "."),
		}}
	}
	want := map[bool][]string{
		false: {"", "Coox, Nomonhan, 46.", "Coox, Nomonhan.", "", "Coox, Nomonhan, 47.",
			"Coox, Nomonhan; Hata, “Continental Expansion, 1905–1941.”", "Coox, Nomonhan, 48.", "See Coox, Nomonhan, 49."},
		// The CSL Chicago style (CMOS 17) writes the author's name and the
		// page for a citation that repeats the one before, not "Ibid."
		true: {"", "Coox, 46.", "Coox, Nomonhan.", "", "Coox, Nomonhan, 47.",
			"Coox, Nomonhan; Hata, “Continental Expansion, 1905–1941.”", "Coox, Nomonhan, 48.", "See Coox, 49."},
	}
	for _, ibid := range []bool{false, true} {
		d := mk(ibid)
		Process(d, lib, &diag.List{})
		ns := notes(d)
		for i, w := range want[ibid] {
			if w == "" {
				continue
			}
			if got := doc.PlainText(noteContent(ns[i])); got != w {
				t.Errorf("ibid=%v note %d: got %q, want %q", ibid, i+1, got, w)
			}
		}
	}
}

func TestUnknownKey(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	pos := diag.Pos{File: "ms.md", Line: 3, Col: 7}
	d := &doc.Document{Blocks: []doc.Block{
		para("A", doc.Citation{Items: []doc.CiteItem{{Key: "cox1985", Pos: pos}}}, "."),
		para("B", doc.Citation{Items: []doc.CiteItem{{Key: "zzzz", Pos: pos}}}, "."),
	}}
	var diags diag.List
	Process(d, lib, &diags)
	items := diags.Items()
	if len(items) != 2 {
		t.Fatalf("diagnostics: %v", items)
	}
	if items[0].Pos != pos || items[0].Severity != diag.Error ||
		items[0].Msg != `unknown citation key "cox1985" (did you mean "coox1985"?)` {
		t.Errorf("got %v", items[0])
	}
	if items[1].Msg != `unknown citation key "zzzz"` {
		t.Errorf("got %v", items[1])
	}
	if got := doc.PlainText(noteContent(notes(d)[0])); got != "cox1985?" {
		t.Errorf("placeholder note %q", got)
	}
}

func TestNoCite(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	d := &doc.Document{Meta: doc.Meta{NoCite: []string{"uncited"}}, Blocks: []doc.Block{para("A", cite("coox1985", ""), ".")}}
	Process(d, lib, &diag.List{})
	if ids := bibliography(d).IDs; strings.Join(ids, " ") != "ref-coox1985 ref-uncited" {
		t.Errorf("nocite key: %v", ids)
	}
	d = &doc.Document{Meta: doc.Meta{NoCite: []string{"*"}, BibTitle: "Works Cited"}}
	Process(d, lib, &diag.List{})
	b := bibliography(d)
	if len(b.IDs) != lib.Len() || b.Title != "Works Cited" {
		t.Errorf("nocite *: %d of %d entries, title %q", len(b.IDs), lib.Len(), b.Title)
	}
	if got, want := doc.PlainText(bibEntry(t, b, "uncited")), "Nobody, Ann. “Never Cited,” 2001."; got != want { // @misc has no CSL type: the style quotes its title
		t.Errorf("misc entry: got %q, want %q", got, want)
	}
	// Nothing cited: no bibliography.
	d = &doc.Document{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "x"}}}}}
	Process(d, lib, &diag.List{})
	if bibliography(d) != nil {
		t.Error("bibliography added with nothing cited")
	}
}

func TestExistingBibliographyBlock(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	placed := &doc.Bibliography{}
	d := &doc.Document{Blocks: []doc.Block{
		para("A", cite("coox1985", ""), "."),
		placed,
		&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Appendix"}}},
	}}
	Process(d, lib, &diag.List{})
	if len(d.Blocks) != 3 || d.Blocks[1] != placed {
		t.Fatalf("bibliography block moved or added: %d blocks", len(d.Blocks))
	}
	if len(placed.Entries) != 1 || placed.IDs[0] != "ref-coox1985" || placed.Title != "Bibliography" {
		t.Errorf("placed bibliography: %+v", placed)
	}
}

func TestCSLJSON(t *testing.T) {
	lib := loadTestLib(t, "zotero.json")
	e, ok := lib.Lookup("hata1988")
	if !ok {
		t.Fatalf("keys %v", lib.Keys())
	}
	if e.Pos.Line != 2 || e.Pos.File != "zotero.json" {
		t.Errorf("position %v", e.Pos)
	}
	d := &doc.Document{Meta: doc.Meta{NoCite: []string{"*"}}}
	Process(d, lib, &diag.List{})
	b := bibliography(d)
	want := map[string]string{
		"hata1988": "Hata, Ikuhiko. “Continental Expansion, 1905–1941.” Journal of Japanese Studies 14, no. 2 (June 1988): 45–67. https://doi.org/10.2307/132456.",
		"coox1985": "Coox, Alvin D. Nomonhan: Japan against Russia, 1939. Stanford, CA: Stanford University Press, 1985.",
		"mofa":     "Ministry of Foreign Affairs of Japan. “Japan–Russia Relations.” Accessed March 15, 2024. https://www.mofa.go.jp/.",
		"gogh":     "Gogh, Vincent van. Letters. Edited by Leo Jansen. Amsterdam: Van Gogh Museum, 2009.",
	}
	for k, w := range want {
		if got := doc.PlainText(bibEntry(t, b, k)); got != w {
			t.Errorf("%s:\n got %s\nwant %s", k, got, w)
		}
	}
}

func TestMalformedCSLJSON(t *testing.T) {
	var diags diag.List
	ReadCSLJSON("bad.json", []byte("[\n{\"id\": \"a\", \"type\": \"book\"},\n{\"id\": }\n]"), &diags)
	items := diags.Items()
	if len(items) != 1 || items[0].Pos.Line != 3 {
		t.Errorf("got %v", items)
	}
}

func TestLoadErrors(t *testing.T) {
	var diags diag.List
	lib := Load([]string{"malformed.bib", "missing.bib"}, testFolder(t, "testdata"), &diags)
	var got []string
	for _, d := range diags.Items() {
		got = append(got, d.Pos.String()+": "+d.Msg)
	}
	want := []string{
		"malformed.bib:4: @book entry has no key",
		"malformed.bib:9: duplicate key \"a\" with different content (first defined on line 1)",
		"malformed.bib:13: @book{d is not closed before the next entry (unbalanced braces?)",
		"malformed.bib:20: @book{f is not closed (unbalanced braces?)",
		"missing.bib: bibliography missing.bib: no such file in " + testFolder(t, "testdata").Dir,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ks := strings.Join(lib.Keys(), " "); ks != "a b c e" {
		t.Errorf("kept keys %q", ks)
	}
}

func TestDuplicateAcrossFiles(t *testing.T) {
	var diags diag.List
	Load([]string{"chicago.bib", "dup.bib"}, testFolder(t, "testdata"), &diags)
	items := diags.Items()
	if len(items) != 1 || items[0].Pos.String() != "dup.bib:1" ||
		!strings.Contains(items[0].Msg, `duplicate citation key "coox1985" with different content (first defined at chicago.bib:6)`) {
		t.Errorf("got %v", items)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"coox1985", "coox1985myth", "hata1988"}
	for key, want := range map[string]string{"cox1985": "coox1985", "Coox1985": "coox1985", "hata1989": "hata1988", "smith2020": "", "x": ""} {
		if got := suggest(key, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestShortTitle(t *testing.T) {
	for in, want := range map[string]string{"Nomonhan: Japan against Russia": "Nomonhan", "Total Empire": "", "The {Soviet Union} and the Threat from the East": "{Soviet Union}",
		"The End of the Pacific War": "End of the Pacific War", "The Anatomy of a Small War: The Soviet-Japanese Struggle": "Anatomy of a Small War", "The {Japanese} Thrust into {Siberia}, 1918": "{Japanese} Thrust into {Siberia}", "A Theory of Justice": "Theory of Justice",
		"History of United States Naval Operations": "History of United States"} {
		if got := shortTitle(in); got != want {
			t.Errorf("shortTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRealBibliographies loads the .bib and CSL-JSON files of the shared
// real-document corpus, which must read without errors.
func TestRealBibliographies(t *testing.T) {
	root := testenv.SharedPath(t, "real-docs")
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".bib") || strings.HasSuffix(p, "references.json")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatalf("no bibliography files in %s", root)
	}
	for _, f := range files {
		var diags diag.List
		lib := Load([]string{filepath.Base(f)}, testFolder(t, filepath.Dir(f)), &diags)
		if diags.HasErrors() {
			t.Errorf("%s:\n%v", f, diags.Err())
		}
		if lib.Len() == 0 {
			t.Errorf("%s: no entries", f)
		}
		d := &doc.Document{Meta: doc.Meta{NoCite: []string{"*"}}}
		Process(d, lib, &diags)
		for _, e := range bibliography(d).Entries {
			if s := doc.PlainText(e); strings.ContainsAny(s, "{}\\") {
				t.Errorf("%s: undecoded markup in %q", f, s)
			}
		}
	}
}

func TestNoLibrary(t *testing.T) {
	c := cite("coox1985", "")
	d := &doc.Document{Meta: doc.Meta{CitationStyle: ChicagoAuthorDate}, Blocks: []doc.Block{para("A ", c, "."), para("B ", c, ".")}}
	var diags diag.List
	Process(d, nil, &diags)
	if got := doc.PlainText(d.Blocks[1].(*doc.Paragraph).Content); got != "B (coox1985?)." {
		t.Errorf("got %q", got)
	}
	if n := len(diags.Items()); n != 2 || !strings.Contains(diags.Items()[0].Hint, "no bibliography entries") {
		t.Errorf("diagnostics %v", diags.Items())
	}
	if bibliography(d) != nil {
		t.Error("empty bibliography added")
	}
}

// FuzzProcess formats whatever a fuzzed database holds, in both styles,
// citing every entry twice; it must not panic.
func FuzzProcess(f *testing.F) {
	for _, name := range []string{"chicago.bib", "malformed.bib"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, false)
	}
	f.Add([]byte("@book{k, author = {{}} and , title = {:}, edition = {0}, date = {-}}"), true)
	f.Fuzz(func(t *testing.T, src []byte, ibid bool) {
		var diags diag.List
		lib := NewLibrary(ReadBibTeX("f.bib", src, &diags)...)
		for _, st := range []string{ChicagoNotes, ChicagoAuthorDate} {
			d := &doc.Document{Meta: doc.Meta{CitationStyle: st, Ibid: ibid, NoCite: []string{"*"}}}
			for _, k := range lib.Keys() {
				d.Blocks = append(d.Blocks, para("x ", cite(k, "1"), "."), para("y", cite(k, ""), ","))
			}
			Process(d, lib, &diags)
		}
	})
}

func TestInTextNotes(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	d := &doc.Document{Blocks: []doc.Block{
		para("As ", doc.Citation{InText: true, Items: []doc.CiteItem{{Key: "young1998", Locator: "p. 10"}}}, " argue, x."),
		para("So says ", doc.Citation{InText: true, Items: []doc.CiteItem{{Key: "coox1985"}}}, "."),
	}}
	Process(d, lib, &diag.List{})
	in := d.Blocks[0].(*doc.Paragraph).Content
	if got := doc.PlainText(in); got != "As Young and Gordon argue, x." {
		t.Errorf("text %q", got)
	}
	if r, ok := in[1].(doc.Ref); !ok || r.Target != "ref-young1998" {
		t.Errorf("no Ref for the authors: %#v", in)
	}
	if _, ok := in[2].(doc.NoteRef); !ok {
		t.Fatalf("no note after the authors: %#v", in)
	}
	if got, want := doc.PlainText(noteContent(notes(d)[0])), "Louise Young and Andrew Gordon, Total Empire (Berkeley: University of California Press, 1998), 10."; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	in = d.Blocks[1].(*doc.Paragraph).Content
	if len(in) != 4 || doc.PlainText(in) != "So says Coox." {
		t.Errorf("punctuation after in-text author: %#v", in)
	} else if _, ok := in[3].(doc.NoteRef); !ok {
		t.Errorf("note not after the period: %#v", in)
	}
}

func TestEmphasisInTitles(t *testing.T) {
	src := `@article{art, author = {Field, Norma}, title = {Reading \emph{Genji} Today},
  journal = {Studies in {\em Monumenta} Culture}, volume = 3, pages = {1--9}, year = 2001}
@book{bk, author = {Field, Norma}, title = {On {\em {The Tale of Genji}}: Essays}, address = {Tokyo}, publisher = {P}, year = 2002}`
	var diags diag.List
	lib := NewLibrary(ReadBibTeX("t.bib", []byte(src), &diags)...)
	d := &doc.Document{Meta: doc.Meta{NoCite: []string{"*"}}}
	Process(d, lib, &diags)
	b := bibliography(d)
	art, bk := bibEntry(t, b, "art"), bibEntry(t, b, "bk")
	if got, want := doc.PlainText(art), "———. “Reading Genji Today.” Studies in Monumenta Culture 3 (2001): 1–9."; got != want {
		t.Errorf("article: got %q, want %q", got, want)
	}
	if got, want := emphs(art), []string{"Genji", "Studies in ", " Culture"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("article italics %q, want %q", got, want)
	}
	if got, want := doc.PlainText(bk), "Field, Norma. On The Tale of Genji: Essays. Tokyo: P, 2002."; got != want {
		t.Errorf("book: got %q, want %q", got, want)
	}
	if got, want := emphs(bk), []string{"On ", ": Essays"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("book italics %q, want %q", got, want)
	}
}

// An entry pasted twice, in one file or two, is a warning; two different
// entries under one key are an error.
func TestDuplicateIdentical(t *testing.T) {
	dir := t.TempDir()
	entry := "@book{k, author = {Ann Lee}, title = {A Book}, year = 2000}\n"
	os.WriteFile(filepath.Join(dir, "a.bib"), []byte(entry+"\n"+entry), 0o644)
	os.WriteFile(filepath.Join(dir, "b.bib"), []byte(entry), 0o644)
	var diags diag.List
	lib := Load([]string{"a.bib", "b.bib"}, testFolder(t, dir), &diags)
	if diags.HasErrors() || len(diags.Items()) != 2 || len(lib.Keys()) != 1 {
		t.Fatalf("identical copies: %v", diags.Items())
	}
	for _, d := range diags.Items() {
		if !strings.Contains(d.Msg, `duplicate entry "k", identical to the one`) {
			t.Errorf("got %v", d)
		}
	}
}
