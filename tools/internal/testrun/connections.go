package testrun

// Which test files open connections of their own: those that call dblink,
// pg_background or a program themselves (otherConnections), and those that
// call a function of tests/setup that does (tests.start_in_second_session,
// say), however deep the calls go.

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"thick/tools/internal/sqlsplit"
)

// createFunctionRE reads the name of the function or procedure a statement
// creates.
var createFunctionRE = regexp.MustCompile(`(?is)^\s*create\s+(?:or\s+replace\s+)?(?:function|procedure)\s+([a-z_][a-z0-9_$]*(?:\.[a-z_][a-z0-9_$]*)?)\s*\(`)

// connectionHelpers returns the functions the setup files define whose body
// opens connections of its own, directly or through another such function,
// sorted.
func connectionHelpers(setup map[string]string) []string {
	bodies := map[string]string{} // function name (lowercased) -> its statements
	for _, src := range setup {
		for _, st := range sqlsplit.Split(src) {
			if m := createFunctionRE.FindStringSubmatch(st.SQL); m != nil {
				name := strings.ToLower(m[1])
				bodies[name] += st.SQL + "\n"
			}
		}
	}
	found := map[string]bool{}
	for changed := true; changed; {
		changed = false
		calls := namesRE(found)
		names := slices.Collect(maps.Keys(found))
		for name, body := range bodies {
			if found[name] {
				continue
			}
			if opensOtherConnections(body) || (calls != nil && containsFold(body, names...) && calls.MatchString(body)) {
				found[name] = true
				changed = true
			}
		}
	}
	names := make([]string, 0, len(found))
	for n := range found {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// namesRE matches a call of any of the names, nil for none.
func namesRE(names map[string]bool) *regexp.Regexp {
	if len(names) == 0 {
		return nil
	}
	quoted := make([]string, 0, len(names))
	for n := range names {
		quoted = append(quoted, regexp.QuoteMeta(n))
	}
	sort.Strings(quoted)
	return regexp.MustCompile(`(?i)\b(` + strings.Join(quoted, "|") + `)\s*\(`)
}

// OpensConnections reports whether a test file opens connections of its
// own, by itself or through a function of tests/setup: code it runs through
// them sees only what is committed, and what they write may be committed
// behind the runner's back. A setup file that cannot be read counts as one
// that opens them for every file.
func (e *Env) OpensConnections(src string) bool {
	e.opensOnce.Do(func() {
		setup := map[string]string{}
		for _, rel := range e.plan.Setup {
			b, err := os.ReadFile(filepath.Join(e.plan.Root, filepath.FromSlash(rel)))
			if err != nil {
				e.opensAll = true
				return
			}
			setup[rel] = string(b)
		}
		found := map[string]bool{}
		for _, n := range connectionHelpers(setup) {
			found[n] = true
			e.opensNames = append(e.opensNames, n)
		}
		e.opensVia = namesRE(found)
	})
	return e.opensAll || opensOtherConnections(src) ||
		(e.opensVia != nil && containsFold(src, e.opensNames...) && e.opensVia.MatchString(src))
}
