package style

import (
	"strings"
	"testing"

	"quire/internal/font"
)

// sample is ordinary English prose, to measure the average character width.
const sample = `Between the Bolshevik seizure of power and the eve of the Second World War,
Japan and the Soviet state passed through almost every condition short of declared war.
The treaty of Portsmouth ended a war that neither government had wished to fight for long,
and it left both empires with grievances about fisheries, railways and the boundary.`

func charsPerLine(s *Style) float64 {
	text := strings.Join(strings.Fields(sample), " ")
	avg := font.Measure(s.BodyFace, s.BodySize, text) / float64(len([]rune(text)))
	return s.TextWidth() / avg
}

func TestArticleMeasure(t *testing.T) {
	for _, paper := range []string{"a4", "letter"} {
		s, err := For("article", paper, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n := charsPerLine(s); n < 60 || n > 75 {
			t.Errorf("%s: %.1f characters a line, want 60–75", paper, n)
		}
		if s.BodySize < 10 || s.BodySize > 11 {
			t.Errorf("%s: body size %.2f", paper, s.BodySize)
		}
		if r := s.Leading / s.BodySize; r < 1.25 || r > 1.4 {
			t.Errorf("%s: leading ratio %.2f, want near 1.3", paper, r)
		}
		if s.PageW != Papers[paper][0] || s.PageH != Papers[paper][1] {
			t.Errorf("%s: page %.2f×%.2f", paper, s.PageW, s.PageH)
		}
		if !s.Justify || !s.Hyphenate || !s.RunningHead {
			t.Errorf("%s: article should be justified, hyphenated, with running heads", paper)
		}
	}
}

func TestProfiles(t *testing.T) {
	sub, _ := For("submission", "a4", 0)
	if sub.BodySize != 12 || sub.Leading != 24 || sub.Justify || sub.Hyphenate || !sub.LineNumbers || !sub.PageNumberOfN {
		t.Errorf("submission style: %+v", sub)
	}
	if m := 25 * MM; sub.Inner != m || sub.Top != m {
		t.Errorf("submission margins %.2f, want 25 mm", sub.Inner)
	}
	h, _ := For("handout", "a4", 0)
	if h.PageW != Papers["a5"][0] || h.PageH != Papers["a5"][1] {
		t.Errorf("handout pages %.1f×%.1f, want A5", h.PageW, h.PageH)
	}
	if n := charsPerLine(h); n < 55 || n > 80 {
		t.Errorf("handout: %.1f characters a line", n)
	}
	if _, err := For("poster", "a4", 0); err == nil {
		t.Error("unknown profile accepted")
	}
	if _, err := For("article", "a3", 0); err == nil {
		t.Error("unknown paper accepted")
	}
	big, _ := For("article", "a4", 12)
	if n := charsPerLine(big); n < 60 || n > 75 {
		t.Errorf("article at 12 pt: %.1f characters a line", n)
	}
}
