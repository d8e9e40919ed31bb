package pdf

import (
	"strings"

	"thick/tools/internal/payload"
)

func withdrawalReceipt(d *doc, p *payload.P) {
	approved := p.Bool("approved")
	currency := p.Currency("currency")
	title := "Withdrawal receipt"
	if !approved {
		title = "Withdrawal rejected"
	}
	d.letterhead(p.Str("tenant_name"), title, p.Str("withdrawal_id"))
	d.fields(
		[2]string{"Client", p.Str("client_name")},
		[2]string{"Account", p.Str("account_id")},
		[2]string{"Decided at", p.Time("decided_at").Format(payload.TimeLayout)},
		[2]string{"Amount", money(p.Amount("amount"), currency)},
	)
	if approved {
		d.heading("Paid out")
		d.table([]string{"Method", "Amount"}, []float64{0.6, 0.4}, "LR", [][]string{
			{"Refund to the cards deposited from", money(p.Amount("card_amount"), currency)},
			{"Bank wire", money(p.Amount("wire_amount"), currency)},
		})
		d.para("The amount was debited from the account on the date above.")
	} else {
		d.para("The withdrawal was rejected and the amount is available in the account again.")
		d.fields([2]string{"Reason", p.Str("reason")})
	}
}

func monthlyStatement(d *doc, p *payload.P) {
	month := p.Month("month")
	currency := p.Currency("currency")
	d.letterhead(p.Str("tenant_name"), "Statement for "+month.Format("January 2006"), p.Str("account_id"))
	d.fields(
		[2]string{"Client", p.Str("client_name")},
		[2]string{"Account", p.Str("account_id")},
		[2]string{"Opening balance", money(p.Amount("opening_balance"), currency)},
	)
	var rows [][]string
	for _, l := range p.List("lines") {
		rows = append(rows, []string{l.Time("at").Format("2006-01-02 15:04"), l.Str("description"), l.Amount("amount")})
	}
	if len(rows) == 0 {
		d.para("No movements this month.")
	} else {
		d.table([]string{"Date", "Description", "Amount (" + currency + ")"}, []float64{0.25, 0.5, 0.25}, "LLR", rows)
	}
	d.fields([2]string{"Closing balance", money(p.Amount("closing_balance"), currency)})
}

func immunizationDeficiency(d *doc, p *payload.P) {
	student, school := p.Str("student_name"), p.Str("school_name")
	deadline := date(p.Date("deadline"))
	d.letterhead(p.Str("tenant_name"), "Immunization requirements not met", p.Str("student_id"))
	d.fields(
		[2]string{"Student", student},
		[2]string{"Born", date(p.Date("birth_date"))},
		[2]string{"School", school},
		[2]string{"Grade", p.Str("grade")},
	)
	d.para("Dear parent or guardian, the school's records show that " + student +
		" does not meet the immunization requirements for attendance at " + school +
		". Please provide proof of the missing doses, or a valid exemption, by " + deadline + ".")
	var rows [][]string
	for _, m := range p.List("missing") {
		rows = append(rows, []string{m.Str("vaccine"), m.Str("valid_doses"), m.Str("required_doses"), m.Opt("reason")})
	}
	d.table([]string{"Vaccine", "Valid doses", "Required", "Note"}, []float64{0.3, 0.15, 0.15, 0.4}, "LRRL", rows)
	d.fields([2]string{"Deadline", deadline})
}

func screeningReferral(d *doc, p *payload.P) {
	kind := p.Str("kind")
	student := p.Str("student_name")
	d.letterhead(p.Str("tenant_name"), "Referral after the "+kind+" screening", p.Str("screening_id"))
	d.fields(
		[2]string{"Student", student},
		[2]string{"School", p.Str("school_name")},
		[2]string{"Screening", kind},
		[2]string{"Screened on", date(p.Date("screened_on"))},
		[2]string{"Result", p.Str("result")},
	)
	if notes := p.Opt("notes"); notes != "" {
		d.fields([2]string{"Notes", notes})
	}
	d.para("Dear parent or guardian, " + student + " did not pass the school's " + kind +
		" screening. A screening is not a diagnosis: please have " + student +
		" examined by a licensed professional and return the completed form below to the school nurse.")
	d.heading("To be completed by the examining professional")
	d.fields([2]string{"Findings", strings.Repeat("_", 60)}, [2]string{"Signature and date", strings.Repeat("_", 60)})
}

func immunizationRecord(d *doc, p *payload.P) {
	d.letterhead(p.Str("tenant_name"), "Immunization record", p.Str("student_id"))
	d.fields(
		[2]string{"Student", p.Str("student_name")},
		[2]string{"Born", date(p.Date("birth_date"))},
		[2]string{"School", p.Str("school_name")},
	)
	var rows [][]string
	for _, dose := range p.List("doses") {
		rows = append(rows, []string{dose.Str("vaccine"), date(dose.Date("given_on")), yesNo(dose.Bool("counts")), dose.Opt("reason")})
	}
	if len(rows) == 0 {
		d.para("No doses recorded.")
	} else {
		d.table([]string{"Vaccine", "Given on", "Counts", "Note"}, []float64{0.3, 0.25, 0.1, 0.35}, "LLLL", rows)
	}
}

func offerLetter(d *doc, p *payload.P) {
	name, hotel := p.Str("employee_name"), p.Str("hotel_name")
	position := p.Str("position_title")
	start := date(p.Date("start_date"))
	rate := money(p.Amount("hourly_rate"), p.Currency("currency"))
	d.letterhead(p.Str("tenant_name"), "Offer of employment", p.Str("employee_id"))
	d.para("Dear " + name + ",")
	d.para("We are pleased to offer you the position of " + position + " in the " + p.Str("department_name") +
		" department of " + hotel + ", starting on " + start + ", at an hourly rate of " + rate + ".")
	d.fields(
		[2]string{"Position", position},
		[2]string{"Hotel", hotel},
		[2]string{"Start date", start},
		[2]string{"Hourly rate", rate},
	)
	d.para("Please sign and return a copy of this letter to accept the offer.")
	d.fields([2]string{"Accepted by", strings.Repeat("_", 50)})
}

func payslip(d *doc, p *payload.P) {
	currency := p.Currency("currency")
	from, to := date(p.Date("period_start")), date(p.Date("period_end"))
	d.letterhead(p.Str("tenant_name"), "Payslip", p.Str("payslip_id"))
	d.fields(
		[2]string{"Employee", p.Str("employee_name")},
		[2]string{"Hotel", p.Str("hotel_name")},
		[2]string{"Period", from + " – " + to},
	)
	d.table([]string{"", "Hours", "Pay (" + currency + ")"}, []float64{0.5, 0.2, 0.3}, "LRR", [][]string{
		{"Regular", p.Amount("regular_hours"), p.Amount("regular_pay")},
		{"Overtime", p.Amount("overtime_hours"), p.Amount("overtime_pay")},
	})
	d.fields([2]string{"Gross pay", money(p.Amount("gross_pay"), currency)})
}
