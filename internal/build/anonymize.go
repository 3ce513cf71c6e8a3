package build

import (
	"strings"

	"quire/internal/diag"
	"quire/internal/doc"
)

// anonymize removes what identifies the authors: the authors with their
// affiliations, e-mail addresses and ORCID iDs (and so the PDF's Author
// and dc:creator), the acknowledgements given in the front matter, and
// any section whose heading is Acknowledgements (or Acknowledgments).
// Author names still found in the text are reported as warnings, since
// self-citations must be masked by hand.
func anonymize(d *doc.Document, diags *diag.List) {
	m := &d.Meta
	var names []string
	for _, a := range m.Authors {
		names = append(names, a.Name)
	}
	m.Anonymous = true
	m.Authors = nil
	delete(m.Extra, "acknowledgements")
	delete(m.Extra, "acknowledgements@node")
	d.Blocks = dropAcknowledgements(d.Blocks)
	for _, n := range names {
		if n == "" {
			continue
		}
		warned := false
		doc.MapInlines(d, func(in []doc.Inline, _ bool) []doc.Inline {
			if !warned && strings.Contains(doc.PlainText(in), n) {
				warned = true
				diags.Warnf(m.Pos["authors"], "mask self-citations by hand in an anonymised manuscript", "the anonymised text still names the author %s", n)
			}
			return in
		})
	}
}

// dropAcknowledgements removes every section headed Acknowledgements:
// the heading and what follows it up to the next heading of the same or a
// higher level.
func dropAcknowledgements(bs []doc.Block) []doc.Block {
	out := bs[:0:0]
	skip := 0 // level of the section being dropped, 0 when none
	for _, b := range bs {
		if h, ok := b.(*doc.Heading); ok {
			if skip > 0 && h.Level <= skip {
				skip = 0
			}
			if skip == 0 && isAcknowledgements(doc.PlainText(h.Content)) {
				skip = h.Level
			}
		}
		if skip == 0 {
			out = append(out, b)
		}
	}
	return out
}

func isAcknowledgements(title string) bool {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(title), ".:"))
	switch t {
	case "acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment", "funding and acknowledgements":
		return true
	}
	return false
}

// checkLimits warns when the document exceeds a limit set in the front
// matter's journal mapping, naming the limit and the count.
func checkLimits(d *doc.Document, diags *diag.List) {
	j := d.Meta.Journal
	if j == (doc.JournalLimits{}) {
		return
	}
	c := doc.Count(d)
	pos := d.Meta.Pos["journal"]
	if j.Words > 0 && c.Words() > j.Words {
		diags.Warnf(pos, "body text and notes are counted; the title, abstract and references are not",
			"the manuscript has %d words (body %d, notes %d), over the journal's limit of %d (journal: words)", c.Words(), c.Body, c.Notes, j.Words)
	}
	if j.AbstractWords > 0 && c.Abstract > j.AbstractWords {
		diags.Warnf(pos, "", "the abstract has %d words, over the journal's limit of %d (journal: abstract-words)", c.Abstract, j.AbstractWords)
	}
	if j.Keywords > 0 && c.Keywords > j.Keywords {
		diags.Warnf(pos, "", "there are %d keywords, over the journal's limit of %d (journal: keywords)", c.Keywords, j.Keywords)
	}
}
