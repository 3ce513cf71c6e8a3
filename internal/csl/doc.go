// Package csl is a processor for the Citation Style Language, CSL 1.0.2:
// it renders citations and bibliographies from CSL items under a CSL
// style and locale.
//
// ParseStyle reads a style once (a Style is immutable and may be shared);
// ParseLocale reads a locale file; a LocaleSource finds locale files by
// language. NewProcessor binds a style, a language and the items of a
// document; Process then renders the document's citations, in order, and
// its bibliography. Citation positions (first, subsequent, ibid,
// ibid-with-locator, near-note), sorting, disambiguation (names, given
// names, the disambiguate condition, year-suffixes), cite grouping and
// collapsing are worked out over the whole document.
//
// The output is rich text (Text, a tree of Span): plain strings inside
// italic, bold, small caps, super- and subscript, quotation marks,
// display blocks and links. Quotation marks are spans, not characters, so
// that they nest (outer and inner marks of the locale) and a caller can
// set them; HTML writes the test suite's HTML.
//
// The package knows nothing of BibTeX or of page layout: callers map their
// data to Items (ParseJSON reads CSL-JSON) and place the output.
//
// Behaviour follows the CSL specification and, where the specification is
// silent, citeproc-js as its test suite records it; the suite runs in
// TestFixtures, and testdata/known-failures.txt lists, with reasons, the
// fixtures not reproduced.
package csl
