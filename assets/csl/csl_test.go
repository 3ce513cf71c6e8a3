package cslfiles

import (
	"strings"
	"testing"
)

// The styles the issue asks to ship, and every alias, resolve.
func TestShipped(t *testing.T) {
	want := []string{"american-medical-association", "american-political-science-association", "apa",
		"chicago-author-date", "chicago-fullnote-bibliography", "chicago-note-bibliography", "gost-r-7-0-5-2008-numeric", "harvard-cite-them-right",
		"ieee", "modern-humanities-research-association", "modern-language-association", "nature", "vancouver"}
	if got := strings.Join(Styles(), " "); got != strings.Join(want, " ") {
		t.Errorf("styles:\n got %s\nwant %s", got, strings.Join(want, " "))
	}
	for a, n := range Aliases {
		if got, ok := Resolve(a); !ok || got != n {
			t.Errorf("alias %s: %q %v", a, got, ok)
		}
	}
	if _, ok := Resolve("APA.csl"); !ok {
		t.Error("APA.csl does not resolve")
	}
	if _, ok := Resolve("nonesuch"); ok {
		t.Error("nonesuch resolves")
	}
	for _, tag := range []string{"en-US", "en-GB", "de-DE", "fr-FR", "la", "ja-JP", "zh-CN", "ko-KR", "ru-RU", "uk-UA", "el-GR"} {
		if _, ok := Locale(tag); !ok {
			t.Errorf("no locale %s", tag)
		}
	}
	for _, f := range []string{"README", "styles/LICENSE", "locales/LICENSE"} {
		b, err := FS.ReadFile(f)
		if err != nil || !strings.Contains(string(b), "CC-BY-SA-3.0") && !strings.Contains(string(b), "CC BY-SA 3.0") {
			t.Errorf("%s: %v", f, err)
		}
	}
}
