package mutate

import (
	"strings"

	"thick/tools/internal/sqlsplit"
)

// kind of a token.
type kind int

const (
	word    kind = iota + 1 // keyword or identifier, lowercased in Lower
	number                  // 42, 1.5
	op                      // a run of operator characters: < <= <> ->> ...
	punct                   // ( ) , ; . [ ] :
	span                    // string, quoted identifier or dollar quote
	comment                 // -- line or /* block */
)

// token is one token of SQL text; Start and End are byte offsets in it.
type token struct {
	Kind       kind
	Start, End int
	Text       string
	Lower      string // lowercased Text for words
	Span       sqlsplit.Span
}

// opChars are the characters PostgreSQL builds operators from.
const opChars = "+-*/<>=~!@#%^&|`?"

// lex splits src into tokens, literals and comments included.
func lex(src string) []token {
	spans := sqlsplit.Spans(src)
	var out []token
	i, si := 0, 0
	for i < len(src) {
		if si < len(spans) && spans[si].Start == i {
			sp := spans[si]
			k := span
			if sp.Kind == sqlsplit.LineComment || sp.Kind == sqlsplit.BlockComment {
				k = comment
			}
			out = append(out, token{Kind: k, Start: sp.Start, End: sp.End, Text: src[sp.Start:sp.End], Span: sp})
			i = sp.End
			si++
			continue
		}
		c := src[i]
		start := i
		next := len(src)
		if si < len(spans) {
			next = spans[si].Start
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
			continue
		case isIdentStart(c):
			for i < next && isIdentChar(src[i]) {
				i++
			}
			out = append(out, token{Kind: word, Start: start, End: i, Text: src[start:i], Lower: strings.ToLower(src[start:i])})
			continue
		case c >= '0' && c <= '9':
			for i < next && (isIdentChar(src[i]) || src[i] == '.') {
				i++
			}
			out = append(out, token{Kind: number, Start: start, End: i, Text: src[start:i]})
			continue
		case strings.IndexByte(opChars, c) >= 0:
			for i < next && strings.IndexByte(opChars, src[i]) >= 0 {
				i++
			}
			// as PostgreSQL's lexer: a multi-character operator ends in + or -
			// only when it holds one of ~ ! @ # % ^ & | ` ? (so x<-1 is x < -1)
			if !strings.ContainsAny(src[start:i], "~!@#%^&|`?") {
				for i-start > 1 && (src[i-1] == '+' || src[i-1] == '-') {
					i--
				}
			}
			out = append(out, token{Kind: op, Start: start, End: i, Text: src[start:i]})
			continue
		default:
			i++
			out = append(out, token{Kind: punct, Start: start, End: i, Text: src[start:i]})
		}
	}
	return out
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$'
}

// code drops comments from toks.
func code(toks []token) []token {
	out := make([]token, 0, len(toks))
	for _, t := range toks {
		if t.Kind != comment {
			out = append(out, t)
		}
	}
	return out
}

// isWord reports whether t is the keyword w (lowercase).
func (t token) isWord(w string) bool { return t.Kind == word && t.Lower == w }

// is reports whether t is the punctuation or operator s.
func (t token) is(s string) bool { return (t.Kind == punct || t.Kind == op) && t.Text == s }
