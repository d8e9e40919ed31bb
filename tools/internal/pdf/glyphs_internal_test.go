package pdf

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The embedded fonts' coverage: what DejaVu Sans draws stays, the rest is
// replaced.
func TestDrawable(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"Zoë Müller", "Zoë Müller"},
		{"Łukasz Żółć €", "Łukasz Żółć €"},
		{"Ørsted — “quoted” ½", "Ørsted — “quoted” ½"},
		{"line\nbreak\ttab", "line\nbreak\ttab"},
		{"Zoë 🌸 Müller", "Zoë \uFFFD Müller"}, // outside the BMP
		{"陳𠜎明", "\uFFFD\uFFFD\uFFFD"},         // CJK (no glyphs in DejaVu) and Extension B
		{"王小明", "\uFFFD\uFFFD\uFFFD"},         // drawn as empty boxes before
		{"Hôtel 🌸 Group", "Hôtel \uFFFD Group"},
		{"bad \xff byte", "bad \uFFFD byte"},
	} {
		require.Equal(t, c.want, drawable(c.in), c.in)
	}
	require.Equal(t, Replacement, coverage().replacement, "DejaVu Sans draws U+FFFD itself")
}
