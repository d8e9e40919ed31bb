package testrun

import (
	"fmt"
	"strings"

	"thick/tools/internal/project"
)

// psqlControl are the psql variables that only tune how psql prints and
// stops (pgTAP's documented header sets them); setting them in a suite
// changes nothing thick runs.
var psqlControl = map[string]bool{
	"COMP_KEYWORD_CASE":      true,
	"ECHO":                   true,
	"ECHO_HIDDEN":            true,
	"FETCH_COUNT":            true,
	"HIDE_TABLEAM":           true,
	"HIDE_TOAST_COMPRESSION": true,
	"HISTCONTROL":            true,
	"HISTSIZE":               true,
	"ON_ERROR_ROLLBACK":      true,
	"ON_ERROR_STOP":          true,
	"PROMPT1":                true,
	"PROMPT2":                true,
	"PROMPT3":                true,
	"QUIET":                  true,
	"SHOW_CONTEXT":           true,
	"VERBOSITY":              true,
}

// formatting are the meta-commands that only change how psql prints.
var formatting = map[string]bool{
	`\pset`: true, `\a`: true, `\t`: true, `\x`: true, `\f`: true, `\H`: true,
	`\T`: true, `\C`: true, `\timing`: true, `\echo`: true, `\qecho`: true, `\warn`: true,
}

// changesMeaning are the meta-commands that make psql run something else
// than the file says: another file, another database.
var changesMeaning = map[string]string{
	`\i`:                "includes another file",
	`\include`:          "includes another file",
	`\ir`:               "includes another file",
	`\include_relative`: "includes another file",
	`\c`:                "connects to another database",
	`\connect`:          "connects to another database",
}

// suiteSource prepares a test or setup file for running: it drops a UTF-8
// byte order mark (psql skips it), blanks out the psql meta-commands that
// only format output (the standard pgTAP header), and refuses, with
// file:line, those that would change what the file means.
func suiteSource(rel, src string) (string, error) {
	src = project.StripBOM(src)
	metas := project.MetaCommands(src)
	var probs []string
	for _, m := range metas {
		if msg := refusedMeta(m); msg != "" {
			probs = append(probs, fmt.Sprintf("%s:%d: psql meta-command %s %s", rel, m.Line, m.Name, msg))
		}
	}
	if len(probs) > 0 {
		return "", &MetaError{Problems: probs}
	}
	return project.Blank(src, metas), nil
}

// MetaError lists the meta-commands of a suite that thick test refuses.
type MetaError struct{ Problems []string }

func (e *MetaError) Error() string { return strings.Join(e.Problems, "\n") }

// refusedMeta returns why a suite may not hold m, or "".
func refusedMeta(m project.Meta) string {
	if why, ok := changesMeaning[m.Name]; ok {
		return why + ", which thick test does not do; put what it needs in tests/setup or in the file itself"
	}
	switch {
	case formatting[m.Name]:
		return ""
	case m.Name == `\unset`:
		return ""
	case m.Name == `\set`:
		if len(m.Args) == 0 {
			return "without arguments lists variables; nothing to run"
		}
		if psqlControl[m.Args[0]] {
			return ""
		}
		if m.Args[0] == "AUTOCOMMIT" {
			return "AUTOCOMMIT changes how the file's statements commit; thick test runs each file in a transaction of its own"
		}
		return fmt.Sprintf("%s sets a variable that thick test does not interpolate (:%s would stay as written)", m.Args[0], m.Args[0])
	}
	return "is not supported in suites (only formatting ones such as \\set QUIET, \\pset and \\unset are)"
}
