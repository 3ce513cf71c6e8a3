package pdf

import (
	"bytes"
	"crypto/sha256"
	"strconv"
	"sync"
)

// StreamCache keeps the deflated page content streams of one Write for the
// next (quire watch): a page whose content stream is byte for byte one
// written before gets the same deflated bytes without deflating again. The
// key is a SHA-256 of the uncompressed stream, so the file is the one a
// Write without the cache makes. Each Write through the cache keeps only
// the streams it wrote: memory follows the document, not its history.
//
// A StreamCache is safe for one Write at a time and for sequential use by
// many.
type StreamCache struct {
	mu      sync.Mutex
	streams map[[sha256.Size]byte][]byte // content hash -> the edit's bytes

	hits, misses int
}

// NewStreamCache returns an empty cache.
func NewStreamCache() *StreamCache {
	return &StreamCache{streams: map[[sha256.Size]byte][]byte{}}
}

// Stats returns how many streams were found in the cache and how many were
// deflated, since it was made.
func (c *StreamCache) Stats() (hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// compressStreams is compressStreams through c; a nil c deflates all.
func (c *StreamCache) compressStreams(jobs []streamJob, edits []edit) (int, error) {
	if c == nil {
		return compressStreams(jobs, edits)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	keep := make(map[[sha256.Size]byte][]byte, len(jobs))
	keys := make([][sha256.Size]byte, len(jobs))
	var miss []streamJob
	var missKey []int // index into jobs
	for i, j := range jobs {
		start, n, ok := streamData(j.body)
		if !ok {
			miss = append(miss, j)
			missKey = append(missKey, -1)
			continue
		}
		keys[i] = sha256.Sum256(j.body[start : start+n])
		if b, ok := c.streams[keys[i]]; ok {
			edits[j.edit] = edit{j.at, start + n, b}
			keep[keys[i]] = b
			c.hits++
			continue
		}
		miss = append(miss, j)
		missKey = append(missKey, i)
	}
	c.misses += len(miss)
	if num, err := compressStreams(miss, edits); err != nil {
		return num, err
	}
	for k, j := range miss {
		if i := missKey[k]; i >= 0 {
			keep[keys[i]] = edits[j.edit].b
		}
	}
	c.streams = keep
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

// Len returns how many streams the cache holds: those of the last Write.
func (c *StreamCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.streams)
}
