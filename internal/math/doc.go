// Package math sets mathematics written in TeX notation, as LaTeX sets
// it.
//
// Parse reads a formula (the text between $ signs, or a whole
// \begin{align}...\end{align}) into a math list: user macros (Macros,
// from \newcommand, \def and \DeclareMathOperator in the manuscript or
// its header-includes) are expanded, and the commands of the one command
// table (commands.go, symtab.txt; CommandsMarkdown renders it for the
// README) are read. A problem is an *Error with the byte offsets of the
// offending command in the formula, a message naming it and a hint. A
// Formula never changes once read: Parse gives the Formula it read before
// for a source read again with the same macros, while no macro has been
// defined since, so that a formula written many times is read once. A
// frozen copy of a set of macros (Clone, Freeze) lets formulas be read on
// several goroutines at once; a formula that would define a macro then
// fails with ErrDefines, and MayDefine tells such formulas beforehand.
//
// LayoutInline and LayoutDisplay turn the math list into boxes by the
// rules of Appendix G of The TeXbook, with the constants of the OpenType
// MATH table of the math face (package otmath): the four styles and their
// cramped forms, fractions, radicals, scripts, limits, delimiters grown
// from the font's size variants and glyph assemblies, accents, arrays and
// the alignments of amsmath. An inline formula comes in pieces a line may
// break between (after a relation or binary operator at the formula's top
// level, at TeX's \relpenalty and \binoppenalty); a display in lines.
// Boxes hold glyphs of the math face addressed by code point (font.Math),
// rules, and runs of text in the text faces, in points; the layout package
// places them like words. Formula.Text gives the formula as Unicode text
// (x², √x, α/β) for text extraction and word counts.
//
// Work is bounded: macro expansions, tokens, nesting depth, symbols and
// array cells per formula have limits (lex.go), past which Parse returns
// an error.
package math
