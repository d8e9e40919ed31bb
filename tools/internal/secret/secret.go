// Package secret keeps passwords and tokens out of logs and errors. A URL
// the workers are configured with (SMTP_URL, SMS_GATEWAY_URL) may carry
// credentials in its userinfo or its query, and a malformed one may carry
// them where url.URL.Redacted does not look (url.Parse reads
// "user:password@host" as the scheme "user" and an opaque part).
package secret

import (
	"net/url"
	"strings"
)

// Mask replaces a secret.
const Mask = "xxxxx"

// URL is raw as it may be shown: the userinfo's password and the value of
// every query parameter masked, the fragment dropped. A value that is not a
// hierarchical URL with a scheme and a host ("user:pw@host", "host:587", an
// unparsable string) is not shown at all, since where its secret sits
// cannot be told.
func URL(raw string) string {
	u, err := url.Parse(raw)
	// A password holding an unescaped '/' ends the authority early
	// ("smtp://user:12/ab@host": host "user:12", path "/ab@host"), so an '@'
	// after the host hides the whole value too.
	if err != nil || u.Scheme == "" || u.Opaque != "" || u.Host == "" ||
		strings.Contains(raw[strings.Index(raw, u.Host)+len(u.Host):], "@") {
		return "(not shown)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Mask)
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k, vs := range q {
			for i := range vs {
				vs[i] = Mask
			}
			q[k] = vs
		}
		u.RawQuery = q.Encode()
	}
	u.Fragment, u.RawFragment = "", ""
	return strings.Replace(u.String(), url.QueryEscape(Mask), Mask, -1)
}
