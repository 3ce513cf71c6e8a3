// Package chart turns chart blocks into figures drawn at build time from CSV
// data.
//
// In Markdown a chart is a fenced block with the info string "chart" holding
// YAML:
//
//	```chart
//	id: clashes
//	type: stacked-bar
//	data: data/clashes.csv
//	x: start
//	bin: year
//	y: count
//	group: kind
//	where:
//	  kind: {not: campaign}
//	range: [1918, 1939]
//	spans:
//	  end: end
//	  label: "{count} {name|lower}, {period} ({counted_by} count)"
//	annotate:
//	  - {x: 1938, text: Lake Khasan}
//	title: Recorded armed clashes, 1918–1939
//	```
//
// The keys are:
//
//	id         figure identifier; the figure is "fig:"+id, cited as @fig:id (required)
//	type       bar, stacked-bar, timeline or line (required)
//	data       CSV file, relative to the manuscript; it may not leave the
//	           manuscript's directory (required)
//	x          column on the x axis: a date (YYYY, YYYY-MM or YYYY-MM-DD) for
//	           timelines and binned bars, a number or date for lines, any
//	           text (one bar per distinct value) for unbinned bars
//	y          number column; absent for bars means each row counts one
//	group      column splitting the data: stacks (stacked-bar), side-by-side
//	           bars (bar), series (line), marker shapes (timeline)
//	label      label column, or a template such as "{date|year} {name}"
//	bin        "year": one bar per year of the x date, empty years included
//	where      filters, all of which a row must pass:
//	           {col: value}, {col: [a, b]} (one of) or {col: {not: value-or-list}}
//	range      [from, to]: the years shown, both included
//	highlight  {from, to, label}: a stretch of years shaded and labelled
//	annotate   list of {x, text}: notes set in rows above the plot, each
//	           with a lead line down to the bar at x
//	spans      {end, label, where}: rows whose y value is above 1 are period
//	           totals; they are drawn as labelled brackets above the bars from
//	           x to the end column's date, never split into years. where
//	           selects which of them to draw.
//	title      bold first sentence of the caption
//	caption    the rest of the caption
//	xlabel     x axis title
//	ylabel     y axis title
//	notes      a note line under the figure ("Note: ...")
//	source     the source line; by default built from the distinct values of
//	           the data's "source" column (split at ";") over the rows drawn
//	height     height as a fraction of the width (bars and lines; default 0.6)
//	alt        what the chart shows, in words, for readers who cannot see it
//	           (a tagged PDF's alternate text); by default it is described
//	           from the data: its kind, axes, series and ranges (in English)
//
// Label templates name columns in braces, optionally with a filter:
// {col|lower} lower-cases the first letter, {col|year} keeps the year of a
// date. {period} is the row's x-to-end span written "1932–34".
//
// Every problem is reported at a Markdown line: YAML errors at the line
// where they occur, key errors at their key, and CSV errors also name the
// CSV file, line and column. An unknown key is a warning; everything else
// is an error and no figure is made.
//
// Bar and timeline charts are drawn directly on the canvas with their own
// layout (label rows measured with the canvas so that no two labels
// overlap). Line charts are laid out by go-chart through Renderer, which
// implements go-chart's Renderer interface on a doc.Canvas.
package chart
