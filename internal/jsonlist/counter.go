package jsonlist

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
	for _, b := range p {
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
