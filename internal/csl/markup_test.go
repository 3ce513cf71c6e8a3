package csl

import "testing"

func TestUntitleCase(t *testing.T) {
	cases := []struct{ in, want string }{
		{"The Myth of the Kwantung Army", "The myth of the kwantung army"},
		{`The Myth of the <span class="nocase">Kwantung Army</span>`, "The myth of the Kwantung Army"},
		{"Revolution Goes East: Imperial Japan and Soviet Communism", "Revolution goes east: Imperial japan and soviet communism"},
		{"The NATO Alliance in the USSR", "The NATO alliance in the USSR"},
		{"ALL IN CAPITALS", "All in capitals"},
		{`<span class="nocase">iPhone</span> Apps for the <i>Cold War</i>`, `<span class="nocase">iPhone</span> apps for the <i>cold war</i>`},
		{"“A Great Disobedience against the People”", "“A great disobedience against the people”"},
	}
	for _, c := range cases {
		if got := UntitleCase(c.in); got != c.want {
			t.Errorf("UntitleCase(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
