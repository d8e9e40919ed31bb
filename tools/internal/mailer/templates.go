package mailer

import (
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"thick/tools/internal/payload"
)

// Content is one mail before it is laid out: the same words make the plain
// text and the HTML part.
type Content struct {
	Subject    string
	Greeting   string      // "Dear Zoë Müller,"
	Paragraphs []string    // the message
	Details    [][2]string // label and value, shown as a table
	Signature  string      // the tenant's name
}

// template reads a kind's fields from the payload and writes its content.
type template func(p *payload.P) Content

// Templates by job kind, as docs/jobs.md lists them.
var Templates = map[string]template{
	// crm
	"mailer.welcome":            welcome,
	"mailer.kyc_decision":       kycDecision,
	"mailer.kyc_expiring":       kycExpiring,
	"mailer.deposit_confirmed":  depositConfirmed,
	"mailer.withdrawal_decided": withdrawalDecided,
	"mailer.margin_call":        marginCall,
	// med
	"mailer.sent_home": sentHome,
	"mailer.ems_alert": emsAlert,
	// hr
	"mailer.leave_decided":        leaveDecided,
	"mailer.certificate_expiring": certificateExpiring,
}

func money(amount, currency string) string { return amount + " " + currency }

func decided(approved bool) string {
	if approved {
		return "approved"
	}
	return "rejected"
}

func welcome(p *payload.P) Content {
	tenant := p.Str("tenant_name")
	return Content{
		Subject:  "Welcome to " + tenant,
		Greeting: "Dear " + p.Str("to_name") + ",",
		Paragraphs: []string{
			"Welcome to " + tenant + ". Your client profile is open.",
			"To fund an account and trade, upload your identity documents for review; we write to you as soon as they are checked.",
		},
		Details:   [][2]string{{"Client reference", p.Str("client_id")}},
		Signature: tenant,
	}
}

func kycDecision(p *payload.P) Content {
	approved := p.Bool("approved")
	c := Content{
		Greeting:  "Dear " + p.Str("to_name") + ",",
		Details:   [][2]string{{"Client reference", p.Str("client_id")}},
		Signature: p.Str("tenant_name"),
	}
	if approved {
		c.Subject = "Your identity documents are approved"
		c.Paragraphs = []string{"We checked your identity documents and approved them. You may now deposit and trade."}
	} else {
		c.Subject = "Your identity documents could not be approved"
		c.Paragraphs = []string{"We checked your identity documents and could not approve them.", "Reason: " + p.Str("reason"),
			"Please upload new documents from your client area."}
	}
	return c
}

func kycExpiring(p *payload.P) Content {
	on := p.Date("expires_on").Format(payload.DateLayout)
	return Content{
		Subject:    "Your identity document expires on " + on,
		Greeting:   "Dear " + p.Str("to_name") + ",",
		Paragraphs: []string{"One of your identity documents expires on " + on + ". Please upload a valid one before then, or deposits and withdrawals will be paused."},
		Details:    [][2]string{{"Client reference", p.Str("client_id")}, {"Document", p.Str("document_id")}, {"Expires on", on}},
		Signature:  p.Str("tenant_name"),
	}
}

func depositConfirmed(p *payload.P) Content {
	amount := money(p.Amount("amount"), p.Currency("currency"))
	return Content{
		Subject:    "Deposit of " + amount + " confirmed",
		Greeting:   "Dear " + p.Str("to_name") + ",",
		Paragraphs: []string{"Your deposit of " + amount + " was received and credited to your account."},
		Details: [][2]string{{"Amount", amount}, {"Method", p.Str("method")}, {"Account", p.Str("account_id")},
			{"Deposit reference", p.Str("deposit_id")}},
		Signature: p.Str("tenant_name"),
	}
}

func withdrawalDecided(p *payload.P) Content {
	approved := p.Bool("approved")
	amount := money(p.Amount("amount"), p.Currency("currency"))
	c := Content{
		Subject:   "Withdrawal of " + amount + " " + decided(approved),
		Greeting:  "Dear " + p.Str("to_name") + ",",
		Details:   [][2]string{{"Amount", amount}, {"Account", p.Str("account_id")}, {"Withdrawal reference", p.Str("withdrawal_id")}},
		Signature: p.Str("tenant_name"),
	}
	if approved {
		c.Paragraphs = []string{"Your withdrawal of " + amount + " was approved and paid out. Your receipt is in your client area."}
	} else {
		c.Paragraphs = []string{"Your withdrawal of " + amount + " was rejected; the amount is available in your account again.",
			"Reason: " + p.Str("reason")}
	}
	return c
}

func marginCall(p *payload.P) Content {
	level := p.Amount("margin_level")
	currency := p.Currency("currency")
	return Content{
		Subject:  "Margin call on account " + p.Str("account_id") + ": margin level " + level + " %",
		Greeting: "Dear " + p.Str("to_name") + ",",
		Paragraphs: []string{
			"The margin level of your account has fallen to " + level + " %.",
			"Deposit funds or close positions: below the stop-out level your positions are closed at market prices.",
		},
		Details: [][2]string{{"Account", p.Str("account_id")}, {"Margin level", level + " %"},
			{"Equity", money(p.Amount("equity"), currency)}, {"Used margin", money(p.Amount("used_margin"), currency)}},
		Signature: p.Str("tenant_name"),
	}
}

func sentHome(p *payload.P) Content {
	student, school := p.Str("student_name"), p.Str("school_name")
	return Content{
		Subject:    student + " was sent home from " + school,
		Greeting:   "Dear " + p.Str("to_name") + ",",
		Paragraphs: []string{student + " was seen by the school nurse today and sent home.", "Complaint: " + p.Str("complaint")},
		Details:    [][2]string{{"Picked up by", p.Str("picked_up_by")}, {"School", school}, {"Visit reference", p.Str("visit_id")}},
		Signature:  p.Str("tenant_name"),
	}
}

func emsAlert(p *payload.P) Content {
	student, school := p.Str("student_name"), p.Str("school_name")
	at := p.Time("at").Format(payload.TimeLayout)
	what := "Emergency services were called"
	switch r := p.Str("reason"); r {
	case "epinephrine":
		what = "Epinephrine was given and emergency services were called"
	case "ems":
	default:
		if r != "" {
			what += " (" + r + ")"
		}
	}
	return Content{
		Subject:    "Emergency: " + student + " at " + school,
		Greeting:   "Dear " + p.Str("to_name") + ",",
		Paragraphs: []string{what + " for " + student + " at " + school + " at " + at + ".", "Complaint: " + p.Str("complaint")},
		Details:    [][2]string{{"At", at}, {"School", school}, {"Visit reference", p.Str("visit_id")}},
		Signature:  p.Str("tenant_name"),
	}
}

func leaveDecided(p *payload.P) Content {
	approved := p.Bool("approved")
	from, to := p.Date("starts_on").Format(payload.DateLayout), p.Date("ends_on").Format(payload.DateLayout)
	kind := p.Str("kind")
	return Content{
		Subject:    "Leave (" + kind + ") from " + from + " to " + to + " is " + decided(approved),
		Greeting:   "Dear " + p.Str("to_name") + ",",
		Paragraphs: []string{"The request of " + p.Str("employee_name") + " for " + kind + " leave from " + from + " to " + to + " was " + decided(approved) + "."},
		Details:    [][2]string{{"Employee", p.Str("employee_name")}, {"Leave", kind}, {"From", from}, {"To", to}, {"Request reference", p.Str("leave_id")}},
		Signature:  p.Str("tenant_name"),
	}
}

func certificateExpiring(p *payload.P) Content {
	on := p.Date("expires_on").Format(payload.DateLayout)
	kind := p.Str("kind")
	return Content{
		Subject:    "Certificate " + kind + " expires on " + on,
		Greeting:   "Dear " + p.Str("to_name") + ",",
		Paragraphs: []string{"The " + kind + " certificate of " + p.Str("employee_name") + " expires on " + on + ". Please renew it before then."},
		Details:    [][2]string{{"Employee", p.Str("employee_name")}, {"Certificate", kind}, {"Expires on", on}, {"Reference", p.Str("certification_id")}},
		Signature:  p.Str("tenant_name"),
	}
}

var textLayout = texttemplate.Must(texttemplate.New("text").Parse(`{{.Greeting}}
{{range .Paragraphs}}
{{.}}
{{end}}{{if .Details}}
{{range .Details}}{{index . 0}}: {{index . 1}}
{{end}}{{end}}
{{.Signature}}
`))

var htmlLayout = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif">
<p>{{.Greeting}}</p>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}{{if .Details}}<table>
{{range .Details}}<tr><th align="left">{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
{{end}}<p>{{.Signature}}</p>
</body></html>
`))

// Render lays content out as plain text and HTML.
func Render(c Content) (text, html string, err error) {
	var t, h strings.Builder
	if err := textLayout.Execute(&t, c); err != nil {
		return "", "", err
	}
	if err := htmlLayout.Execute(&h, c); err != nil {
		return "", "", err
	}
	return t.String(), h.String(), nil
}
