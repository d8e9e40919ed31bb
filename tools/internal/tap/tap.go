// Package tap parses the Test Anything Protocol as pgTAP writes it: a plan
// (`1..N`), results (`ok 1 - description`, `not ok 2 - description`), `#`
// diagnostics attached to the result before them, and `# SKIP` / `# TODO`
// directives. It checks the plan against the results, so a suite that ran
// fewer or more assertions than planned, or planned nothing, is a failure.
package tap

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"thick/tools/internal/plural"
)

// Line is one line of TAP output and the source line (in the test file) of the
// statement that produced it, so a failure can be reported where it was written.
type Line struct {
	Text string
	Src  int
}

// Directive values of an Assertion.
const (
	Skip = "SKIP"
	Todo = "TODO"
)

// Assertion is one `ok` or `not ok` result.
type Assertion struct {
	OK          bool
	Number      int
	Description string
	Directive   string // Skip, Todo or ""
	Reason      string // the text after the directive
	Diagnostics []string
	Src         int    // source line of the statement that produced it
	Raw         string // the result line as written
}

// Failed reports whether the assertion counts as a failure: `not ok` that is
// not marked TODO.
func (a Assertion) Failed() bool { return !a.OK && a.Directive != Todo }

// Suite is the parsed output of one test file.
type Suite struct {
	Planned    int    // -1 when there is no plan
	SkipAll    string // reason of `1..0 # SKIP reason`
	Assertions []Assertion
	Comments   []string // diagnostics before the first result
	Problems   []string // plan mismatches, numbering errors, bail out
}

var (
	planRE   = regexp.MustCompile(`^1\.\.(\d+)\s*(?:#\s*(.*))?$`)
	resultRE = regexp.MustCompile(`^(not )?ok\b\s*(\d+)?\s*(.*)$`)
	skipRE   = regexp.MustCompile(`(?i)^skip\S*\s*(.*)$`)
	// a directive is an unescaped `#` followed by SKIP or TODO
	directiveRE = regexp.MustCompile(`(?i)(?:^|[^\\])#\s*(skip\S*|todo)\b\s*(.*)$`)
)

// ParseString parses TAP text; Src of each result is its line number in s.
func ParseString(s string) *Suite {
	var lines []Line
	for i, t := range strings.Split(s, "\n") {
		lines = append(lines, Line{Text: t, Src: i + 1})
	}
	return Parse(lines)
}

// Parse parses TAP lines and checks the plan. A Line may hold several lines
// of text (pgTAP returns a failed result and its diagnostics as one value).
func Parse(lines []Line) *Suite {
	s := &Suite{Planned: -1}
	plans := 0
	var split []Line
	for _, l := range lines {
		for _, t := range strings.Split(l.Text, "\n") {
			split = append(split, Line{Text: t, Src: l.Src})
		}
	}
	for _, l := range split {
		text := strings.TrimRight(l.Text, " \t\r")
		switch {
		case text == "":
		case strings.HasPrefix(text, "#"):
			s.diag(text)
		case strings.HasPrefix(text, "1..") && planRE.MatchString(text):
			m := planRE.FindStringSubmatch(text)
			plans++
			if plans > 1 {
				s.Problems = append(s.Problems, fmt.Sprintf("more than one plan (%s)", text))
				continue
			}
			s.Planned, _ = strconv.Atoi(m[1])
			if sm := skipRE.FindStringSubmatch(m[2]); s.Planned == 0 && sm != nil {
				s.SkipAll = sm[1]
				if s.SkipAll == "" {
					s.SkipAll = "skipped"
				}
			}
		case (strings.HasPrefix(text, "ok") || strings.HasPrefix(text, "not ok")) && resultRE.MatchString(text):
			s.result(text, l.Src)
		case strings.HasPrefix(text, "Bail out!"):
			s.Problems = append(s.Problems, strings.TrimSpace(text))
		default:
			// `TAP version 13`, indented subtest lines and anything else a
			// statement printed are not results; pg_prove ignores them too.
		}
	}
	s.check()
	return s
}

func (s *Suite) diag(text string) {
	d := strings.TrimPrefix(text, "#")
	d = strings.TrimPrefix(d, " ")
	if n := len(s.Assertions); n > 0 {
		s.Assertions[n-1].Diagnostics = append(s.Assertions[n-1].Diagnostics, d)
		return
	}
	s.Comments = append(s.Comments, d)
}

func (s *Suite) result(text string, src int) {
	m := resultRE.FindStringSubmatch(text)
	a := Assertion{OK: m[1] == "", Src: src, Raw: text}
	if m[2] != "" {
		a.Number, _ = strconv.Atoi(m[2])
	}
	desc := m[3]
	// (the expressions are the parse's cost: each runs only where it can match)
	if loc := directiveLoc(desc); loc != nil {
		word := strings.ToUpper(desc[loc[2]:loc[3]])
		if strings.HasPrefix(word, "SKIP") {
			a.Directive = Skip
		} else {
			a.Directive = Todo
		}
		a.Reason = strings.TrimSpace(desc[loc[4]:loc[5]])
		cut := loc[0]
		if desc[cut] != '#' {
			cut++ // keep the character before the '#'
		}
		desc = desc[:cut]
	}
	desc = strings.TrimSpace(desc)
	desc = strings.TrimPrefix(desc, "- ")
	if desc == "-" {
		desc = ""
	}
	a.Description = strings.ReplaceAll(strings.TrimSpace(desc), `\#`, "#")
	want := len(s.Assertions) + 1
	if a.Number == 0 {
		a.Number = want
	} else if a.Number != want {
		s.Problems = append(s.Problems, fmt.Sprintf("assertion %d out of sequence (expected %d)", a.Number, want))
	}
	s.Assertions = append(s.Assertions, a)
}

// directiveLoc is directiveRE's submatch index in desc, nil without a '#'.
func directiveLoc(desc string) []int {
	if strings.IndexByte(desc, '#') < 0 {
		return nil
	}
	return directiveRE.FindStringSubmatchIndex(desc)
}

func (s *Suite) check() {
	ran := len(s.Assertions)
	switch {
	case s.Planned < 0 && ran == 0:
		s.Problems = append(s.Problems, "no plan and no assertions")
	case s.Planned < 0:
		s.Problems = append(s.Problems, fmt.Sprintf("no plan (ran %d)", ran))
	case ran < s.Planned:
		s.Problems = append(s.Problems, fmt.Sprintf("planned %d %s but ran %d", s.Planned, plural.S(s.Planned, "assertion"), ran))
	case ran > s.Planned:
		s.Problems = append(s.Problems, fmt.Sprintf("planned %d %s but ran %d", s.Planned, plural.S(s.Planned, "assertion"), ran))
	}
}

// Missing is how many planned assertions did not run.
func (s *Suite) Missing() int {
	if s.Planned > len(s.Assertions) {
		return s.Planned - len(s.Assertions)
	}
	return 0
}

// Passed counts the assertions that did not fail (SKIP and TODO included).
func (s *Suite) Passed() int {
	n := 0
	for _, a := range s.Assertions {
		if !a.Failed() {
			n++
		}
	}
	return n
}

// Skipped counts the assertions marked SKIP.
func (s *Suite) Skipped() int { return s.count(Skip) }

// Todo counts the assertions marked TODO (failing or not).
func (s *Suite) Todo() int { return s.count(Todo) }

func (s *Suite) count(directive string) int {
	n := 0
	for _, a := range s.Assertions {
		if a.Directive == directive && !a.Failed() {
			n++
		}
	}
	return n
}

// Failed counts failed assertions plus the planned ones that never ran; a
// suite with a problem (no plan, too many results, bad numbering) fails at
// least one.
func (s *Suite) Failed() int {
	n := s.Missing()
	for _, a := range s.Assertions {
		if a.Failed() {
			n++
		}
	}
	if n == 0 && len(s.Problems) > 0 {
		n = 1
	}
	return n
}

// OK reports whether the suite passed: no failure and no problem.
func (s *Suite) OK() bool { return s.Failed() == 0 }
