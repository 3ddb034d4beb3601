package jsonlist

import "bytes"

// Counter counts, as a JSON answer streams past, the items of the list a
// page holds: the top-level array (Key empty) or the array under the
// top-level object's member Key ("data", "items"). Feed reports a
// *TooManyError as soon as the list holds more than Max items, so that a
// decoder reading through it stops before it has built a single item of a
// flood. It allocates nothing, and a zero Max counts nothing.
//
// It tracks only what it needs: the nesting depth, strings (their escapes
// included) and the top-level object's member names.
type Counter struct {
	Key string
	Max int

	depth    int
	inString bool
	escaped  bool
	// wantKey: at depth 1 of an object, the next string is a member name.
	wantKey bool
	// keyMatch tracks a member name being read against Key; keyDone is set
	// when the last name read was Key.
	inKey, keyMatch, keyDone bool
	keyPos                   int
	// listDepth is the depth inside the counted array (0: not in it);
	// wantItem is set where an item may start.
	listDepth int
	wantItem  bool
	n         int
}

// Feed reads the next bytes of the answer.
func (c *Counter) Feed(p []byte) error {
	if c.Max <= 0 {
		return nil
	}
	for i := 0; i < len(p); i++ {
		if c.inString && !c.inKey {
			// Most of an answer is the text of its strings: jump to the
			// closing quote (IndexByte is vectorized).
			var closed bool
			if i, closed = c.skipString(p, i); !closed {
				return nil
			}
			c.inString = false
			continue
		}
		if !c.inString && c.listDepth > 0 && c.depth > c.listDepth {
			// Inside an item only strings and nesting matter: skip the
			// rest (names' colons, numbers, literals, commas).
			for i < len(p) && !itemStop[p[i]] {
				i++
			}
			if i == len(p) {
				return nil
			}
		}
		b := p[i]
		if c.inString {
			switch {
			case c.escaped:
				c.escaped = false
			case b == '\\':
				c.escaped = true
				c.keyMatch = false // Key holds no escapes
			case b == '"':
				c.inString = false
				if c.inKey {
					c.inKey = false
					c.keyDone = c.keyMatch && c.keyPos == len(c.Key)
				}
			default:
				if c.inKey {
					if c.keyPos < len(c.Key) && c.Key[c.keyPos] == b {
						c.keyPos++
					} else {
						c.keyMatch = false
					}
				}
			}
			continue
		}
		switch b {
		case ' ', '\t', '\n', '\r':
			continue
		}
		// An item of the counted list starts here.
		if c.listDepth > 0 && c.depth == c.listDepth && c.wantItem && b != ']' && b != ',' {
			c.wantItem = false
			c.n++
			if c.n > c.Max {
				return &TooManyError{Max: c.Max}
			}
		}
		switch b {
		case '"':
			c.inString = true
			if c.depth == 1 && c.wantKey && c.Key != "" {
				c.inKey, c.keyMatch, c.keyPos, c.wantKey = true, true, 0, false
			}
		case '{', '[':
			c.depth++
			switch {
			case b == '{' && c.depth == 1:
				c.wantKey = true
			case b == '[' && c.listDepth == 0 && ((c.Key == "" && c.depth == 1) || (c.depth == 2 && c.keyDone)):
				c.listDepth, c.wantItem = c.depth, true
			}
			c.keyDone = false
		case '}', ']':
			if c.depth == c.listDepth {
				c.listDepth = 0
			}
			c.depth--
		case ',':
			switch {
			case c.depth == c.listDepth:
				c.wantItem = true
			case c.depth == 1:
				c.wantKey = true
			}
			c.keyDone = false
		case ':':
			// The value of the member just named follows: keyDone stays.
		default:
			c.keyDone = false
		}
	}
	return nil
}

// skipString moves past the text of a string that starts at p[i]: it
// returns the index of the closing quote, or reports that p ends inside
// the string (then whether its last byte escapes the next one is kept).
func (c *Counter) skipString(p []byte, i int) (int, bool) {
	for i < len(p) {
		if c.escaped {
			c.escaped = false
			i++
			continue
		}
		q := bytes.IndexByte(p[i:], '"')
		if q < 0 {
			c.escaped = backslashesBefore(p, len(p), i)%2 == 1
			return len(p), false
		}
		if backslashesBefore(p, i+q, i)%2 == 0 {
			return i + q, true
		}
		i += q + 1 // an escaped quote
	}
	return i, false
}

// backslashesBefore counts the backslashes right before p[end], back to
// p[start] at most.
func backslashesBefore(p []byte, end, start int) int {
	n := 0
	for end-1-n >= start && p[end-1-n] == '\\' {
		n++
	}
	return n
}

// itemStop marks the bytes that matter inside an item of the counted list.
var itemStop = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}
