package pdf

import (
	"encoding/binary"
	"strings"
	"sync"
	"unicode/utf8"
)

// Replacement stands for a character the embedded font cannot draw.
const Replacement = '\uFFFD'

// drawable is s with every character the embedded fonts (regular and bold)
// have no glyph for replaced by Replacement ('?' if the fonts lacked that
// too): a character outside the Basic Multilingual Plane (an emoji, a CJK
// Extension B ideograph), which fpdf cannot encode (a layout error, or a
// panic in the metadata), and one the font lacks (CJK, whose glyphs DejaVu
// Sans does not have: empty boxes). Invalid UTF-8 is replaced too. Line
// breaks and tabs stay.
func drawable(s string) string {
	c := coverage()
	ok := utf8.ValidString(s)
	for _, r := range s {
		if !c.has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // an invalid byte reads as utf8.RuneError, U+FFFD
		if c.has(r) {
			b.WriteRune(r)
		} else {
			b.WriteRune(c.replacement)
		}
	}
	return b.String()
}

// glyphSet is the characters of the Basic Multilingual Plane both fonts map
// to a glyph.
type glyphSet struct {
	bits        [65536 / 64]uint64
	replacement rune
}

func (g *glyphSet) has(r rune) bool {
	switch {
	case r == '\n' || r == '\t' || r == '\r':
		return true
	case r < 0, r > 0xFFFF:
		return false
	}
	return g.bits[r/64]&(1<<(uint(r)%64)) != 0
}

var coverage = sync.OnceValue(func() *glyphSet {
	regular, bold := cmap4(regularTTF), cmap4(boldTTF)
	g := &glyphSet{}
	for i := range g.bits {
		g.bits[i] = regular[i] & bold[i]
	}
	g.replacement = Replacement
	if !g.has(Replacement) {
		g.replacement = '?'
	}
	return g
})

// cmap4 reads which characters of the Basic Multilingual Plane a TrueType
// font maps to a glyph, from its cmap's Windows Unicode BMP subtable
// (platform 3, encoding 1, format 4). A font it cannot read maps nothing
// but ASCII, so that a broken font degrades to '?' rather than to a panic.
func cmap4(font []byte) (bits [65536 / 64]uint64) {
	for r := 0x20; r < 0x7f; r++ {
		bits[r/64] |= 1 << (uint(r) % 64)
	}
	u16 := func(b []byte, off int) int {
		if off < 0 || off+2 > len(b) {
			return -1
		}
		return int(binary.BigEndian.Uint16(b[off:]))
	}
	u32 := func(b []byte, off int) int {
		if off < 0 || off+4 > len(b) {
			return -1
		}
		return int(binary.BigEndian.Uint32(b[off:]))
	}
	cmap := -1
	for i, n := 0, u16(font, 4); i < n; i++ {
		rec := 12 + 16*i
		if rec+16 <= len(font) && string(font[rec:rec+4]) == "cmap" {
			cmap = u32(font, rec+8)
		}
	}
	if cmap < 0 {
		return bits
	}
	sub := -1
	for i, n := 0, u16(font, cmap+2); i < n; i++ {
		rec := cmap + 4 + 8*i
		if u16(font, rec) == 3 && u16(font, rec+2) == 1 {
			sub = cmap + u32(font, rec+4)
		}
	}
	if sub < 0 || u16(font, sub) != 4 {
		return bits
	}
	segs := u16(font, sub+6) / 2
	ends := sub + 14
	starts := ends + 2*segs + 2
	deltas := starts + 2*segs
	ranges := deltas + 2*segs
	for s := 0; s < segs; s++ {
		end, start := u16(font, ends+2*s), u16(font, starts+2*s)
		delta, rangeOff := u16(font, deltas+2*s), u16(font, ranges+2*s)
		if end < 0 || start < 0 || delta < 0 || rangeOff < 0 {
			return bits
		}
		for c := start; c <= end && c <= 0xFFFF; c++ {
			glyph := (c + delta) & 0xFFFF
			if rangeOff != 0 {
				g := u16(font, ranges+2*s+rangeOff+2*(c-start))
				if g <= 0 {
					continue
				}
				glyph = (g + delta) & 0xFFFF
			}
			if glyph != 0 && c != 0xFFFF {
				bits[c/64] |= 1 << (uint(c) % 64)
			}
		}
	}
	return bits
}
