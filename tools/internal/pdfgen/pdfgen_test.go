package pdfgen_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/pdf"
	"thick/tools/internal/pdfgen"
	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

func TestMain(m *testing.M) { os.Exit(worktest.Main(m, child)) }

// child is a pdfgen process that stores each document and then hangs
// before recording the job, as a process killed between the two would.
func child() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	return worker.Command(ctx, "pdfgen", os.Getenv, os.Stderr, func(_ func(string) string, w *worker.Worker) error {
		h := pdfgen.Handler{DB: w.Pool()}
		for kind := range pdf.Templates {
			w.Handle(kind, func(ctx context.Context, job worker.Job) error {
				if err := h.Handle(ctx, job); err != nil {
					return err
				}
				select {} // stored; killed before it is recorded
			})
		}
		return nil
	})
}

func start(t *testing.T, d *worktest.DB) *worker.Worker {
	t.Helper()
	return worktest.Start(t, worker.Config{Queue: "pdfgen", DatabaseURL: d.WorkerURL, PollInterval: 200 * time.Millisecond,
		Concurrency: 2, Lease: 10 * time.Second}, func(w *worker.Worker) { pdfgen.Handler{DB: w.Pool()}.Register(w) })
}

type kindCase struct {
	kind    string
	app     string
	table   string
	payload map[string]any
	says    []string
}

var tenantNames = map[string]string{"crm": "Łukasz Żółć Brokers", "med": "Ørsted School District", "hr": "Hôtel Dubois Group"}

func envelope(app, table, subject, file string, fields map[string]any) map[string]any {
	p := map[string]any{"app": app, "tenant_name": tenantNames[app], "subject_table": table, "subject_id": subject, "file_name": file}
	for k, v := range fields {
		p[k] = v
	}
	return p
}

func kinds() []kindCase {
	return []kindCase{
		{"pdfgen.withdrawal_receipt", "crm", "crm.withdrawals", envelope("crm", "crm.withdrawals", "7a0e0b1c-0000-4000-8000-000000000001", "withdrawal-receipt-w1.pdf", map[string]any{
			"template": "withdrawal_receipt", "withdrawal_id": "w-1", "client_name": "Zoë Müller", "account_id": "acc-1", "approved": true,
			"amount": "1234.50", "currency": "EUR", "card_amount": "1000.00", "wire_amount": "234.50", "decided_at": "2026-11-29T10:00:00+01:00", "reason": nil}),
			[]string{"Withdrawal receipt", "Zoë Müller", "1234.50 EUR", "1000.00 EUR", "234.50 EUR", "29 November 2026 10:00 +01:00"}},
		{"pdfgen.monthly_statement", "crm", "crm.accounts", envelope("crm", "crm.accounts", "7a0e0b1c-0000-4000-8000-000000000002", "statement-acc-1-2026-10.pdf", map[string]any{
			"template": "monthly_statement", "account_id": "acc-1", "client_name": "Zoë Müller", "month": "2026-10", "currency": "EUR",
			"opening_balance": "1000.00", "closing_balance": "1150.25",
			"lines": []map[string]any{{"at": "2026-10-03T09:30:00+02:00", "description": "Card deposit 200 €", "amount": "200.00"},
				{"at": "2026-10-17T16:05:00+02:00", "description": "Position closed", "amount": "-49.75"}}}),
			[]string{"Statement for October 2026", "Zoë Müller", "1000.00 EUR", "1150.25 EUR", "Card deposit 200 €", "-49.75"}},
		{"pdfgen.immunization_deficiency", "med", "med.students", envelope("med", "med.students", "7a0e0b1c-0000-4000-8000-000000000003", "immunization-deficiency-s1.pdf", map[string]any{
			"template": "immunization_deficiency", "student_id": "s-1", "student_name": "Noé Dupré", "birth_date": "2019-04-02",
			"school_name": "École Jean Jaurès", "grade": "K", "deadline": "2026-12-15",
			"missing": []map[string]any{{"vaccine": "MMR", "valid_doses": 1, "required_doses": 2, "reason": "second dose missing"},
				{"vaccine": "DTaP", "valid_doses": "3", "required_doses": "5", "reason": "dose 4 given before the minimum age"}}}),
			[]string{"Noé Dupré", "École Jean Jaurès", "15 December 2026", "MMR", "second dose missing", "dose 4 given before the minimum age", "2 April 2019"}},
		{"pdfgen.screening_referral", "med", "med.screenings", envelope("med", "med.screenings", "7a0e0b1c-0000-4000-8000-000000000004", "screening-referral-sc1.pdf", map[string]any{
			"template": "screening_referral", "screening_id": "sc-1", "student_name": "Noé Dupré", "school_name": "École Jean Jaurès",
			"kind": "vision", "screened_on": "2026-11-20", "result": "refer (right eye 20/50)", "notes": "squints at the board"}),
			[]string{"Referral after the vision screening", "Noé Dupré", "refer (right eye 20/50)", "squints at the board", "20 November 2026"}},
		{"pdfgen.immunization_record", "med", "med.students", envelope("med", "med.students", "7a0e0b1c-0000-4000-8000-000000000005", "immunization-record-s1.pdf", map[string]any{
			"template": "immunization_record", "student_id": "s-1", "student_name": "Noé Dupré", "birth_date": "2019-04-02", "school_name": "École Jean Jaurès",
			"doses": []map[string]any{{"vaccine": "MMR", "given_on": "2020-04-10", "counts": true, "reason": nil},
				{"vaccine": "DTaP", "given_on": "2019-05-01", "counts": false, "reason": "before the minimum age"}}}),
			[]string{"Immunization record", "Noé Dupré", "10 April 2020", "before the minimum age", "yes", "no"}},
		{"pdfgen.offer_letter", "hr", "hr.employees", envelope("hr", "hr.employees", "7a0e0b1c-0000-4000-8000-000000000006", "offer-e1.pdf", map[string]any{
			"template": "offer_letter", "employee_id": "e-1", "employee_name": "Jürgen Groß", "hotel_name": "Hôtel Dubois Lyon",
			"department_name": "Réception", "position_title": "Night auditor", "start_date": "2027-01-04", "hourly_rate": "16.40", "currency": "EUR"}),
			[]string{"Offer of employment", "Dear Jürgen Groß", "Night auditor", "Réception", "Hôtel Dubois Lyon", "4 January 2027", "16.40 EUR"}},
		{"pdfgen.payslip", "hr", "hr.payslips", envelope("hr", "hr.payslips", "7a0e0b1c-0000-4000-8000-000000000007", "payslip-p1.pdf", map[string]any{
			"template": "payslip", "payslip_id": "p-1", "employee_name": "Jürgen Groß", "hotel_name": "Hôtel Dubois Lyon",
			"period_start": "2026-11-01", "period_end": "2026-11-30", "regular_hours": "151.50", "overtime_hours": "4.00",
			"regular_pay": "2484.60", "overtime_pay": "82.00", "gross_pay": "2566.60", "currency": "EUR"}),
			[]string{"Payslip", "Jürgen Groß", "1 November 2026 – 30 November 2026", "151.50", "2484.60", "82.00", "2566.60 EUR"}},
	}
}

type document struct {
	TenantID, App, Kind, SubjectTable, SubjectID, FileName, SHA256 string
	Content                                                        []byte
}

func documentOf(t *testing.T, d *worktest.DB, job int64) (document, int) {
	t.Helper()
	var doc document
	var n int
	rows, err := d.Admin.Query(context.Background(), `
		select tenant_id::text, app, kind, subject_table, subject_id::text, file_name, sha256, content
		from core.documents where job_id = $1`, job)
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		n++
		require.NoError(t, rows.Scan(&doc.TenantID, &doc.App, &doc.Kind, &doc.SubjectTable, &doc.SubjectID, &doc.FileName, &doc.SHA256, &doc.Content))
	}
	require.NoError(t, rows.Err())
	return doc, n
}

// Every document kind of docs/jobs.md is rendered, stored with its
// metadata, and reads back with the right names and amounts.
func TestEveryKindStoredAndReadable(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	tenants := map[string]string{}
	for app, name := range tenantNames {
		tenants[app] = d.Tenant(t, app, name)
	}
	cases := kinds()
	require.Len(t, cases, len(pdf.Templates), "a case per template")
	ids := map[int64]kindCase{}
	for _, c := range cases {
		ids[d.Enqueue(t, c.kind, c.payload, tenants[c.app])] = c
	}
	start(t, d)
	for id := range ids {
		d.WaitJob(t, id, "done", 20*time.Second)
	}
	for id, c := range ids {
		t.Run(c.kind, func(t *testing.T) {
			doc, n := documentOf(t, d, id)
			require.Equal(t, 1, n, "one document for the job")
			sum := sha256.Sum256(doc.Content)
			require.Equal(t, document{TenantID: tenants[c.app], App: c.app, Kind: c.kind[len("pdfgen."):], SubjectTable: c.table,
				SubjectID: c.payload["subject_id"].(string), FileName: c.payload["file_name"].(string), SHA256: hex.EncodeToString(sum[:]),
				Content: doc.Content}, doc)
			want, err := pdf.Render(c.kind, mustJSON(t, c.payload))
			require.NoError(t, err)
			require.Equal(t, want, doc.Content, "the stored bytes are the rendering of the payload")
			text := pdfText(t, doc.Content)
			require.Contains(t, text, tenantNames[c.app], "the letterhead")
			for _, s := range c.says {
				require.Contains(t, text, s)
			}
		})
	}
}

// A payload that does not name the document's subject, or lacks what the
// template needs, is dead at once, and nothing is stored.
func TestMalformedPayloadsDead(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	crm := d.Tenant(t, "crm", "Łukasz Żółć Brokers")
	good := kinds()[0].payload
	noSubject := map[string]any{}
	for k, v := range good {
		noSubject[k] = v
	}
	noSubject["subject_id"] = "w-1" // not a uuid: the database refuses it
	noAmount := map[string]any{}
	for k, v := range good {
		noAmount[k] = v
	}
	delete(noAmount, "amount")
	a := d.Enqueue(t, "pdfgen.withdrawal_receipt", noSubject, crm)
	b := d.Enqueue(t, "pdfgen.withdrawal_receipt", noAmount, crm)
	c := d.Enqueue(t, "pdfgen.withdrawal_receipt", good, "") // no tenant
	start(t, d)
	j := d.WaitJob(t, a, "dead", 10*time.Second)
	require.Equal(t, 1, j.Attempt)
	require.Contains(t, j.LastError, "names no subject row")
	require.Contains(t, j.LastError, "22023")
	j = d.WaitJob(t, b, "dead", 10*time.Second)
	require.Equal(t, "pdfgen.withdrawal_receipt: payload: missing amount", j.LastError)
	j = d.WaitJob(t, c, "dead", 10*time.Second)
	require.Contains(t, j.LastError, "has no tenant of crm")
	var n int
	require.NoError(t, d.Admin.QueryRow(context.Background(), `select count(*) from core.documents`).Scan(&n))
	require.Zero(t, n, "nothing stored")
}

// The process killed after storing, before recording: the job runs again
// elsewhere and stores nothing twice (the document is unique per job).
func TestKilledAfterStoringOneDocument(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	crm := d.Tenant(t, "crm", "Łukasz Żółć Brokers")
	c := kinds()[0]
	id := d.Enqueue(t, c.kind, c.payload, crm)
	child := worktest.StartChild(t, "pdfgen", d.Env("WORKER_LEASE=2s")...)
	deadline := time.Now().Add(15 * time.Second)
	for _, n := documentOf(t, d, id); n == 0; _, n = documentOf(t, d, id) {
		require.True(t, time.Now().Before(deadline), "the worker process stored the document\n%s", child.Output)
		time.Sleep(20 * time.Millisecond)
	}
	first, _ := documentOf(t, d, id)
	var firstID string
	require.NoError(t, d.Admin.QueryRow(context.Background(), `select id::text from core.documents where job_id = $1`, id).Scan(&firstID))
	child.Signal(t, syscall.SIGKILL)
	child.Wait(t, 5*time.Second)
	require.Equal(t, "running", d.Job(t, id).State, "the killed worker did not record it")

	start(t, d)
	j := d.WaitJob(t, id, "done", 15*time.Second)
	require.Equal(t, 2, j.Attempt, "run again")
	again, n := documentOf(t, d, id)
	require.Equal(t, 1, n, "still one document for the job")
	require.Equal(t, first, again)
	var id2 string
	require.NoError(t, d.Admin.QueryRow(context.Background(), `select id::text from core.documents where job_id = $1`, id).Scan(&id2))
	require.Equal(t, firstID, id2, "the same document")
}

func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	require.NoError(t, err, "pdftotext (poppler-utils) is missing: run `make deps`")
	cmd := exec.Command(bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(doc)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Run(), "pdftotext: %s", errOut.String())
	return out.String()
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
