package pdf

import "sync"

// twoWrites is the memory StreamCache and FontCache share: what one Write
// made, kept for the next. A Write finds what the Write before it made
// (last) or what it made itself (this), and keeps only what it used or
// made: memory follows the document, not its history. It serves one Write
// at a time; the Write may use it from several goroutines.
type twoWrites[K comparable, V any] struct {
	mu         sync.Mutex
	last, this map[K]V

	hits, misses int
}

// Stats returns how many lookups found what they asked for and how many
// did not, since the cache was made.
func (c *twoWrites[K, V]) Stats() (hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// Len returns how many entries the cache holds for the next Write: those
// the last one used or made.
func (c *twoWrites[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.this)
}

// begin starts a Write: what the last one kept is what this one finds.
func (c *twoWrites[K, V]) begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last, c.this = c.this, make(map[K]V, len(c.this))
}

// get returns the entry of k, if this Write or the last made it, and
// keeps it for the next.
func (c *twoWrites[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.this[k]
	if !ok {
		v, ok = c.last[k]
	}
	if ok {
		if c.this == nil {
			c.this = map[K]V{}
		}
		c.this[k] = v
		c.hits++
	} else {
		c.misses++
	}
	return v, ok
}

// put keeps v as the entry of k.
func (c *twoWrites[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.this == nil {
		c.this = map[K]V{}
	}
	c.this[k] = v
}
