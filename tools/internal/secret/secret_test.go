package secret_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/secret"
)

// No form of a URL shows its password or token.
func TestURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ raw, want string }{
		{"smtp://mail.test:587", "smtp://mail.test:587"},
		{"smtp://mailuser:Tr0ub4dor&3@smtp.example.com:587", "smtp://mailuser:xxxxx@smtp.example.com:587"},
		{"mailuser:Tr0ub4dor&3@smtp.example.com:587", "(not shown)"},     // the review's: scheme "mailuser", opaque rest
		{"smtp.example.com:587", "(not shown)"},                          // opaque too
		{"mail_user:Tr0ub4dor&3@smtp.example.com", "(not shown)"},        // unparsable
		{"//mailuser:Tr0ub4dor&3@smtp.example.com", "(not shown)"},       // no scheme
		{"smtp://mailuser:12/Tr0ub4dor@smtp.example.com", "(not shown)"}, // an unescaped '/' in the password
		{"https://AC123:Tr0ub4dor@gw.example.com/base", "https://AC123:xxxxx@gw.example.com/base"},
		{"https://gw.example.com/base?api_key=Tr0ub4dor&region=eu#Tr0ub4dor", "https://gw.example.com/base?api_key=xxxxx&region=xxxxx"},
		{"https://gw.example.com/?token=Tr0ub4dor", "https://gw.example.com/?token=xxxxx"},
		{"https://gw.example.com/a?x=1@2", "(not shown)"},
		{"", "(not shown)"},
	} {
		got := secret.URL(c.raw)
		require.Equal(t, c.want, got, c.raw)
		require.False(t, strings.Contains(got, "Tr0ub4dor"), "%q shows its secret: %q", c.raw, got)
	}
}
