package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// sweepMath builds every expression of math/katex-ss_data.yaml (KaTeX's
// visual tests), each in a manuscript of its own: inline unless the case
// asks for display style, its macros defined before it. An expression
// must set, or be refused with a file:line diagnostic; a refusal must be
// listed, with its reason, in known-failures.txt as "math/Name", and a
// listed expression that sets is reported as stale.
func sweepMath() int {
	b, err := os.ReadFile(filepath.Join(*data, "math", "katex-ss_data.yaml"))
	if err != nil {
		fmt.Printf("  BROKEN math: %v\n", err)
		return 1
	}
	var raw map[string]yaml.Node
	if err := yaml.Unmarshal(b, &raw); err != nil {
		fmt.Printf("  BROKEN math: %v\n", err)
		return 1
	}
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	dir := filepath.Join(*outDir, "math")
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "sweep:", err)
		os.Exit(2)
	}
	var js []job
	for _, name := range names {
		n := raw[name]
		var c struct {
			Tex     string            `yaml:"tex"`
			Display int               `yaml:"display"`
			Macros  map[string]string `yaml:"macros"`
		}
		if n.Kind == yaml.ScalarNode {
			c.Tex = n.Value
		} else if err := n.Decode(&c); err != nil {
			fmt.Printf("  BROKEN math/%s: %v\n", name, err)
			continue
		}
		var md strings.Builder
		md.WriteString("---\ntitle: " + name + "\n---\n\n")
		keys := make([]string, 0, len(c.Macros))
		for k := range c.Macros {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			md.WriteString(`\newcommand{` + k + `}{` + c.Macros[k] + "}\n")
		}
		md.WriteString("\n")
		tex := strings.TrimSpace(c.Tex)
		if c.Display == 1 {
			md.WriteString("$$\n" + tex + "\n$$\n")
		} else {
			md.WriteString("Before $" + strings.Join(strings.Fields(tex), " ") + "$ after.\n")
		}
		f := filepath.Join(dir, name+".md")
		os.WriteFile(f, []byte(md.String()), 0o644)
		js = append(js, job{name: "math/" + name, path: f, out: filepath.Join(dir, name+".pdf"), limit: 2 * time.Second, strict: true})
	}
	rs := runAll(js)
	bad := summary("math", rs)
	known := parseKnown(knownFailures)
	set := 0
	for _, r := range rs {
		if r.problem() != "" {
			continue
		}
		why, listed := known[r.name]
		switch {
		case r.code == 0 && listed:
			fmt.Printf("  STALE known failure %s sets now (%s); remove it from known-failures.txt\n", r.name, trim(why, 60))
			set++
		case r.code == 0:
			set++
		case !listed:
			fmt.Printf("  MATH %s refused, not in known-failures.txt:\n%s\n", r.name, indent(grepAll(r.stderr, ": error: ")))
			bad++
		case *verbose:
			fmt.Printf("  KNOWN %s: %s\n", r.name, why)
		}
	}
	fmt.Printf("MATH katex: %d of %d expressions set, %d refused with a diagnostic\n", set, len(rs), len(rs)-set)
	return bad
}
