#!/usr/bin/env python3
"""Re-create the pattern files of assets/hyphen from Debian's packages.

Run as root on Debian 12 after
    apt-get install hyphen-fr hyphen-es hyphen-it \
        hyphen-nl hyphen-sv hyphen-da hyphen-pl hyphen-ru \
        hyphen-el hyphen-en-gb texlive-lang-european \
        texlive-lang-german texlive-lang-portuguese texlive-lang-czechslovak texlive-lang-cyrillic
then `go generate ./internal/lang` to recompile the tries. Each file is
converted to UTF-8 (the first line, naming the encoding, becomes "UTF-8");
TeX hyph-utf8 .pat.txt files are copied unchanged. LICENSE-<tag> gets the
Debian package's copyright stanzas for the file, or the hyph-utf8 file's
own licence header.
"""
import os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))

# tag: (Debian package, file, encoding, copyright stanza globs)
SOURCES = {
    "de":    ("texlive-lang-german", "/usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt/hyph-de-1996.pat.txt", "utf-8", None),
    "fr":    ("hyphen-fr", "/usr/share/hyphen/hyph_fr.dic", "utf-8", ["dictionaries/fr_FR/hyph_fr.dic"]),
    "es":    ("hyphen-es", "/usr/share/hyphen/hyph_es_ES.dic", "utf-8", ["dictionaries/es/*"]),
    "it":    ("hyphen-it", "/usr/share/hyphen/hyph_it_IT.dic", "utf-8", ["dictionaries/it_IT/hyph_it_IT.dic"]),
    "pt":    ("texlive-lang-portuguese", "/usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt/hyph-pt.pat.txt", "utf-8", None),
    "nl":    ("hyphen-nl", "/usr/share/hyphen/hyph_nl_NL.dic", "iso8859-1", ["dictionaries/nl_NL/*"]),
    "sv":    ("hyphen-sv", "/usr/share/hyphen/hyph_sv_SE.dic", "iso8859-1", ["dictionaries/sv_SE/hyph_sv.dic"]),
    "da":    ("hyphen-da", "/usr/share/hyphen/hyph_da_DK.dic", "iso8859-1", ["dictionaries/da_DK/hyph_da_DK.dic"]),
    "nb":    ("texlive-lang-european", "/usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt/hyph-nb.pat.txt", "utf-8", None),
    "pl":    ("hyphen-pl", "/usr/share/hyphen/hyph_pl_PL.dic", "iso8859-2", None),
    "cs":    ("texlive-lang-czechslovak", "/usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt/hyph-cs.pat.txt", "utf-8", None),
    "ru":    ("hyphen-ru", "/usr/share/hyphen/hyph_ru_RU.dic", "koi8-r", None),
    "uk":    ("texlive-lang-cyrillic", "/usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt/hyph-uk.pat.txt", "utf-8", None),
    "el":    ("hyphen-el", "/usr/share/hyphen/hyph_el_GR.dic", "iso8859-7", ["dictionaries/el_GR/hyph_el_GR.dic"]),
    "en-GB": ("hyphen-en-gb", "/usr/share/hyphen/hyph_en_GB.dic", "utf-8", ["dictionaries/en/hyph_en_GB.dic"]),
    "la":    ("texlive-lang-european", "/usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt/hyph-la.pat.txt", "utf-8", None),
}

def version(pkg):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True, check=True).stdout

def stanzas(pkg, globs):
    """The copyright file's stanzas for globs, plus the License paragraphs they name."""
    text = open(f"/usr/share/doc/{pkg}/copyright", encoding="utf-8").read()
    paras = re.split(r"\n\s*\n", text)
    if globs is None:
        return text
    out, names = [], set()
    for p in paras:
        m = re.match(r"Files:\s*(.*)", p)
        if m and any(g in p.split("Copyright:")[0] for g in globs):
            out.append(p)
            lm = re.search(r"^License:\s*(.+)$", p, re.M)
            if lm:
                names.add(lm.group(1).strip())
    for p in paras:
        m = re.match(r"License:\s*(.+)", p)
        if m and m.group(1).strip() in names and "\n" in p:
            out.append(p)
    return "\n\n".join(out)

def main():
    for tag, (pkg, path, enc, globs) in sorted(SOURCES.items()):
        raw = open(path, "rb").read().decode(enc)
        lines = raw.split("\n")
        if path.endswith(".dic"):
            lines[0] = "UTF-8"
        out = os.path.join(HERE, f"{tag}.dic")
        with open(out, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        lic = os.path.join(HERE, f"LICENSE-{tag}")
        with open(lic, "w", encoding="utf-8") as f:
            f.write(f"Licence of {tag}.dic\n\n")
            f.write(f"{tag}.dic is {path} of the Debian 12 package {pkg} {version(pkg)},\n")
            f.write(('copied unchanged' if path.endswith('.pat.txt') else f'converted from {enc.upper()} to UTF-8') + ' by assets/hyphen/import.py.\n')
            if path.endswith(".pat.txt"):
                f.write("Its licence is stated in the pattern file's own header,\n"
                        "reproduced from the .tex file of the same package below.\n\n")
                tex = open(path.replace("/txt/", "/tex/").replace(".pat.txt", ".tex"), encoding="utf-8").read()
                f.write("\n".join(l for l in tex.split("\n") if l.startswith("%")))
            else:
                f.write(f"The file keeps its own header comments. The Debian package's copyright\n"
                        f"statement for it, from /usr/share/doc/{pkg}/copyright:\n\n")
                f.write(stanzas(pkg, globs))
            f.write("\n")
        print(tag, out, os.path.getsize(out))

if __name__ == "__main__":
    sys.exit(main())
