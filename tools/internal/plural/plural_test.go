package plural

import "testing"

func TestS(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "files"}, {1, "file"}, {2, "files"}, {-1, "files"}} {
		if got := S(c.n, "file"); got != c.want {
			t.Errorf("S(%d, file) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestOf(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "objects differ"}, {1, "object differs"}, {3, "objects differ"}} {
		if got := Of(c.n, "object differs", "objects differ"); got != c.want {
			t.Errorf("Of(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
