package pdf

import (
	"bytes"
	"crypto/sha256"
	"strconv"
)

// StreamCache keeps the deflated page content streams of one Write for the
// next (quire watch): a page whose content stream is byte for byte one
// written before gets the same deflated bytes without deflating again. The
// key is a SHA-256 of the uncompressed stream, so the file is the one a
// Write without the cache makes. A Write keeps only the streams it wrote
// (and, while it runs, those of the Write before): memory follows the
// document, not its history.
//
// A StreamCache serves one Write at a time; the pages of that Write may
// use it from several goroutines.
type StreamCache struct {
	twoWrites[streamKey, []byte]
}

// streamKey names a stream's deflated form: as pageStreams holds it
// (the data alone), or as the edit fix makes (with the stream's head).
type streamKey struct {
	edit bool
	sum  [sha256.Size]byte
}

// NewStreamCache returns an empty cache.
func NewStreamCache() *StreamCache { return &StreamCache{} }

// begin starts a Write: what the last one wrote is what this one finds.
func (c *StreamCache) begin() {
	if c != nil {
		c.twoWrites.begin()
	}
}

// get returns the deflated form of content, if a Write made it.
func (c *StreamCache) get(edit bool, content []byte) (streamKey, []byte, bool) {
	k := streamKey{edit, sha256.Sum256(content)}
	b, ok := c.twoWrites.get(k)
	return k, b, ok
}

// deflated is pageStreams.compress's use of the cache: the deflated
// content of a page, if a Write made it, and the function that keeps what
// this one makes (nil without a cache).
func (c *StreamCache) deflated(content []byte) ([]byte, func([]byte)) {
	if c == nil {
		return nil, nil
	}
	k, b, ok := c.get(false, content)
	if ok {
		return b, nil
	}
	return nil, func(b []byte) { c.put(k, b) }
}

// compressStreams is compressStreams through c; a nil c deflates all.
func (c *StreamCache) compressStreams(jobs []streamJob, edits []edit) (int, error) {
	if c == nil {
		return compressStreams(jobs, edits)
	}
	keys := make([]streamKey, len(jobs))
	var miss []streamJob
	var missAt []int // index into jobs, -1 for a stream the cache cannot key
	for i, j := range jobs {
		start, n, ok := streamData(j.body)
		if !ok {
			miss, missAt = append(miss, j), append(missAt, -1)
			continue
		}
		k, b, ok := c.get(true, j.body[start:start+n])
		keys[i] = k
		if ok {
			edits[j.edit] = edit{j.at, start + n, b}
			continue
		}
		miss, missAt = append(miss, j), append(missAt, i)
	}
	if num, err := compressStreams(miss, edits); err != nil {
		return num, err
	}
	for k, j := range miss {
		if i := missAt[k]; i >= 0 {
			c.put(keys[i], edits[j.edit].b)
		}
	}
	return 0, nil
}

// streamData returns where the data of the uncompressed stream object body
// starts and how long it is, as compressStream reads it.
func streamData(body []byte) (start, n int, ok bool) {
	const pre = "<</Length "
	const mid = ">>\nstream\n"
	if !bytes.HasPrefix(body, []byte(pre)) {
		return 0, 0, false
	}
	i := bytes.Index(body, []byte(mid))
	if i < 0 {
		return 0, 0, false
	}
	n, err := strconv.Atoi(string(body[len(pre):i]))
	start = i + len(mid)
	if err != nil || n < 0 || start+n > len(body) {
		return 0, 0, false
	}
	return start, n, true
}
