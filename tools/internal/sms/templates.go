package sms

import (
	"strings"

	"thick/tools/internal/payload"
)

// Templates by job kind: each returns the message's text.
var Templates = map[string]func(p *payload.P) string{
	// med
	"sms.sent_home": func(p *payload.P) string {
		return p.Str("school_name") + ": " + p.Str("student_name") + " was sent home by the school nurse (" +
			p.Str("complaint") + "), picked up by " + p.Str("picked_up_by") + ". " + p.Str("tenant_name")
	},
	"sms.ems_alert": func(p *payload.P) string {
		return "EMERGENCY " + p.Str("school_name") + ": emergency services were called for " + p.Str("student_name") +
			" at " + p.Time("at").Format("15:04 (2 Jan)") + " (" + p.Str("complaint") + "). The school will call you. " + p.Str("tenant_name")
	},
	// hr
	"sms.schedule_published": func(p *payload.P) string {
		var b strings.Builder
		b.WriteString(p.Str("hotel_name") + ": " + p.Str("employee_name") + ", your shifts for the week of " +
			p.Date("week_start").Format("2 Jan") + ":")
		shifts := p.List("shifts")
		for _, s := range shifts {
			start, end := s.Time("starts_at"), s.Time("ends_at")
			b.WriteString("\n" + start.Format("Mon 2 Jan 15:04") + "-" + end.Format("15:04") + " " + s.Str("position"))
		}
		if len(shifts) == 0 {
			b.WriteString(" none.")
		}
		return b.String()
	},
}
