package contract_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/mailer"
	"thick/tools/internal/pdf"
	"thick/tools/internal/pdfgen"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
	"thick/tools/internal/sms"
	"thick/tools/internal/worker"
)

const (
	template  = "contract_template"
	loginRole = "thick_contract_worker"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{Database: template}, func(ctx context.Context, c *pgcluster.Cluster) error {
		return setup(ctx, c.URL(template))
	}))
}

// setup builds the whole project, seed included, as thick rebuild does,
// adds the suites' helpers (tests.act_as) and a worker login role.
func setup(ctx context.Context, dbURL string) error {
	root, err := projectRoot()
	if err != nil {
		return err
	}
	p, err := project.Load(root)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := build.Rebuild(ctx, conn, p, build.Options{Stdout: io.Discard}); err != nil {
		var se *build.SQLError
		if errors.As(err, &se) {
			return errors.New(se.Format(false))
		}
		return err
	}
	helpers, err := os.ReadFile(filepath.Join(root, "tests", "setup", "010_helpers.sql"))
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, string(helpers)); err != nil {
		return fmt.Errorf("tests/setup/010_helpers.sql: %w", err)
	}
	_, err = conn.Exec(ctx, `create role `+loginRole+` login inherit; grant worker to `+loginRole)
	return err
}

func projectRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// trigger enqueues the kinds the seed does not, through the applications'
// API acting as their users (as PostgREST would) and through the private
// functions their schedules (7_schedule) call.
const trigger = `
begin;
select set_config('t.client1', (select id::text from crm.clients where email = 'client1@crm.demo'), true);
select set_config('t.account', (select id::text from crm.accounts where client_id = current_setting('t.client1')::uuid), true);

-- crm: the daily re-KYC reminder, for an identity document expiring in 20 days
update crm.kyc_documents set expires_on = current_date + 20
where client_id = current_setting('t.client1')::uuid and kind = 'id_document' and status = 'approved';
select crm_private.enqueue_kyc_expiry_reminders();

-- crm: a withdrawal approved with a reason, another rejected without one
select tests.act_as('client1@crm.demo');
select set_config('t.w1', crm_api.request_withdrawal(current_setting('t.account')::uuid, 150)::text, true);
select set_config('t.w2', crm_api.request_withdrawal(current_setting('t.account')::uuid, 10)::text, true);
reset role;
select tests.act_as('finance@crm.demo');
select crm_api.decide_withdrawal(current_setting('t.w1')::uuid, true, 'verified by phone');
select crm_api.decide_withdrawal(current_setting('t.w2')::uuid, false);
reset role;

-- crm: a margin call, the price feed moving an open position against the
-- client (equity at about 70 % of the used margin: a call, not yet a stop-out)
select set_config('t.audusd', (select prices.price::text from crm.prices as prices
                                join core.tenants as tenants on tenants.id = prices.tenant_id
                                where tenants.name = 'Demo Brokerage' and prices.symbol = 'AUDUSD'
                                order by prices.at desc, prices.id desc limit 1), true);
select tests.act_as('feed@crm.demo');
select crm_api.set_price('AUDUSD', current_setting('t.audusd')::numeric);  -- the feed is live: a fill needs a recent mark
reset role;
select tests.act_as('client1@crm.demo');
select crm_api.open_position(current_setting('t.account')::uuid, 'AUDUSD', 'buy', 2, 0.66);
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('AUDUSD', 0.63);
reset role;

-- crm: the monthly statements, as the schedule runs them (the month just
-- ended) and for the month of the seed's deposits (statements with lines)
select crm_private.enqueue_monthly_statements();
select crm_private.enqueue_monthly_statements((to_char(now() - interval '61 days', 'YYYY-MM') || '-01')::date);

-- med: an ems visit, a screening referral, an immunization record, the
-- daily deficiency letters
select set_config('t.max', (select id::text from med.students where first_name = 'Max' and last_name = 'Nguyen'), true);
select tests.act_as('nurse.north@med.demo');
select med_api.record_visit(current_setting('t.max')::uuid,
                            'severe asthma attack', 'ems', null, 'no relief after two doses');
select med_api.record_screening(current_setting('t.max')::uuid,
                                'vision', 'refer', 'failed 20/40 with the left eye');
reset role;
select tests.act_as('guardian1@med.demo');
select med_api.request_immunization_record(current_setting('t.max')::uuid);
reset role;
select med_private.enqueue_deadline_letters();

-- hr: the daily certificate reminders
select hr_private.notify_expiring_certificates(30);
commit;
`

// mailbox is the SMTP server's record: the Message-IDs received.
type mailbox struct {
	mu  sync.Mutex
	ids map[string]int
	bad []string
}

type session struct{ box *mailbox }

func (s session) Mail(string, *smtp.MailOptions) error { return nil }
func (s session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s session) Reset()                               {}
func (s session) Logout() error                        { return nil }
func (s session) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	if err != nil {
		s.box.bad = append(s.box.bad, err.Error())
		return err
	}
	s.box.ids[msg.Header.Get("Message-ID")]++
	return nil
}

// docKinds reads the kinds of docs/jobs.md ("## Kinds" table).
func docKinds(t *testing.T) map[string]string {
	t.Helper()
	root, err := projectRoot()
	require.NoError(t, err)
	f, err := os.Open(filepath.Join(root, "docs", "jobs.md"))
	require.NoError(t, err)
	defer f.Close()
	row := regexp.MustCompile("^\\| `([a-z]+\\.[a-z_]+)` \\| ([a-z]+) \\|")
	kinds := map[string]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## Kinds"
			continue
		}
		if m := row.FindStringSubmatch(line); in && m != nil {
			kinds[m[1]] = m[2]
		}
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, kinds, "docs/jobs.md lists the kinds")
	return kinds
}

// Every job the applications enqueue, seed and schedules included, is
// done by the three workers' real handlers; every kind of docs/jobs.md is
// enqueued by the SQL; every stored document is served by its
// application to a user of its tenant and to no user of another tenant.
func TestEveryJobDone(t *testing.T) {
	ctx := context.Background()
	adminURL := pgtest.NewDB(t, template)
	admin := pgtest.Connect(t, adminURL)
	_, err := admin.Exec(ctx, trigger)
	require.NoError(t, err, "trigger the kinds the seed does not enqueue")

	// the workers' templates and docs/jobs.md list the same kinds
	documented := docKinds(t)
	templates := map[string]bool{}
	for k := range mailer.Templates {
		templates[k] = true
	}
	for k := range sms.Templates {
		templates[k] = true
	}
	for k := range pdf.Templates {
		templates[k] = true
	}
	for k := range templates {
		if _, ok := documented[k]; !ok {
			t.Errorf("kind %s has a worker template but is not in docs/jobs.md", k)
		}
	}
	for k := range documented {
		if !templates[k] {
			t.Errorf("kind %s of docs/jobs.md has no worker template", k)
		}
	}

	// what the SQL enqueued, against the contract
	var enqueued []string
	rows, err := admin.Query(ctx, `select distinct kind, payload ->> 'app' from core.jobs order by 1`)
	require.NoError(t, err)
	for rows.Next() {
		var kind, app string
		require.NoError(t, rows.Scan(&kind, &app))
		enqueued = append(enqueued, kind)
		want, ok := documented[kind]
		if !ok {
			t.Errorf("kind %s is enqueued but not in docs/jobs.md", kind)
		} else if want != app {
			t.Errorf("kind %s is enqueued with app %q, docs/jobs.md says %q", kind, app, want)
		}
	}
	require.NoError(t, rows.Err())
	for kind := range documented {
		if !slices.Contains(enqueued, kind) {
			t.Errorf("kind %s of docs/jobs.md is never enqueued by the SQL", kind)
		}
	}

	// the three workers, their real handlers: SMTP in process, an httptest
	// gateway, pdfgen storing into core.documents
	box := &mailbox{ids: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return session{box}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })

	var smsMu sync.Mutex
	smsKeys := map[string]int{}
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.PostForm.Get("Body") == "" {
			http.Error(w, "no body", http.StatusBadRequest)
			return
		}
		smsMu.Lock()
		smsKeys[r.Header.Get("Idempotency-Key")]++
		smsMu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, `{"status": "queued"}`)
	}))
	t.Cleanup(gw.Close)

	u, err := url.Parse(adminURL)
	require.NoError(t, err)
	u.User = url.User(loginRole)
	workerURL := u.String()
	smtpURL, err := url.Parse("smtp://" + l.Addr().String())
	require.NoError(t, err)
	m, err := mailer.New(mailer.Config{SMTP: smtpURL, From: "Thick <noreply@thick.test>", Timeout: 10 * time.Second})
	require.NoError(t, err)
	s, err := sms.New(sms.Config{GatewayURL: gw.URL, AccountSID: "AC0", AuthToken: "token", From: "+15550001111", Timeout: 10 * time.Second})
	require.NoError(t, err)
	for queue, register := range map[string]func(*worker.Worker){
		"mailer": m.Register,
		"sms":    s.Register,
		"pdfgen": func(w *worker.Worker) { pdfgen.Handler{DB: w.Pool()}.Register(w) },
	} {
		wctx, cancel := context.WithCancel(ctx)
		w, err := worker.New(wctx, worker.Config{Queue: queue, DatabaseURL: workerURL, Concurrency: 4,
			Lease: time.Minute, PollInterval: 500 * time.Millisecond})
		require.NoError(t, err)
		register(w)
		done := make(chan struct{})
		go func() { defer close(done); _ = w.Run(wctx) }()
		t.Cleanup(func() { cancel(); <-done; w.Close() })
	}

	// until every job is done; a failed attempt is a broken contract at
	// once (a malformed payload goes dead, a transient one is retried)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var open, failed int
		require.NoError(t, admin.QueryRow(ctx, `
			select count(*) filter (where state in ('pending', 'running')),
			       count(*) filter (where state = 'dead' or attempt > 1 or (state = 'pending' and attempt >= 1))
			from core.jobs`).Scan(&open, &failed))
		if failed > 0 || open == 0 {
			break
		}
		require.True(t, time.Now().Before(deadline), "every job settled in time (%d still open)", open)
		time.Sleep(200 * time.Millisecond)
	}
	rows, err = admin.Query(ctx, `
		select kind, state, count(*), min(coalesce(last_error, ''))
		from core.jobs where state <> 'done' or attempt <> 1 group by 1, 2 order by 1, 2`)
	require.NoError(t, err)
	for rows.Next() {
		var kind, state, lastError string
		var n int
		require.NoError(t, rows.Scan(&kind, &state, &n, &lastError))
		t.Errorf("%d %s job(s) %s or retried: %s", n, kind, state, lastError)
	}
	require.NoError(t, rows.Err())
	if t.Failed() {
		t.FailNow()
	}

	// each effect once: a mail per mailer job, an SMS per sms job, a
	// document per pdfgen job
	var total int
	rows, err = admin.Query(ctx, `select id, queue from core.jobs order by id`)
	require.NoError(t, err)
	var mailJobs, smsJobs, pdfJobs []int64
	for rows.Next() {
		var id int64
		var queue string
		require.NoError(t, rows.Scan(&id, &queue))
		total++
		switch queue {
		case "mailer":
			mailJobs = append(mailJobs, id)
		case "sms":
			smsJobs = append(smsJobs, id)
		case "pdfgen":
			pdfJobs = append(pdfJobs, id)
		}
	}
	require.NoError(t, rows.Err())
	box.mu.Lock()
	require.Empty(t, box.bad, "every mail parses")
	require.Len(t, box.ids, len(mailJobs), "a mail per mailer job")
	for _, id := range mailJobs {
		require.Equal(t, 1, box.ids["<"+m.MessageID(id)+">"], "job %d mailed once", id)
	}
	box.mu.Unlock()
	smsMu.Lock()
	require.Len(t, smsKeys, len(smsJobs), "an SMS per sms job")
	for _, id := range smsJobs {
		require.Equal(t, 1, smsKeys[sms.IdempotencyKey(id)], "job %d posted once", id)
	}
	smsMu.Unlock()
	var stored int
	require.NoError(t, admin.QueryRow(ctx, `select count(*) from core.documents`).Scan(&stored))
	require.Equal(t, len(pdfJobs), stored, "a document per pdfgen job")
	t.Logf("%d jobs of %d kinds done: %d mails, %d SMS, %d documents", total, len(enqueued), len(mailJobs), len(smsJobs), stored)

	checkDocumentsVisibility(t, admin)
}

// checkDocumentsVisibility acts as every user of every application and
// reads its <app>_api.documents: each document is visible to at least one
// user of its own tenant (who also gets its bytes through
// <app>_api.document_content), and to no user of another tenant.
func checkDocumentsVisibility(t *testing.T, admin *pgx.Conn) {
	ctx := context.Background()
	type doc struct{ app, tenant, kind, sha string }
	docs := map[string]doc{}
	rows, err := admin.Query(ctx, `select id::text, app, tenant_id::text, kind, sha256 from core.documents`)
	require.NoError(t, err)
	for rows.Next() {
		var id string
		var d doc
		require.NoError(t, rows.Scan(&id, &d.app, &d.tenant, &d.kind, &d.sha))
		docs[id] = d
	}
	require.NoError(t, rows.Err())
	require.NotEmpty(t, docs)

	type user struct{ email, app, tenant, role string }
	var users []user
	rows, err = admin.Query(ctx, `select email, app, tenant_id::text, role from core.users where app in ('crm', 'med', 'hr') order by email`)
	require.NoError(t, err)
	for rows.Next() {
		var u user
		require.NoError(t, rows.Scan(&u.email, &u.app, &u.tenant, &u.role))
		users = append(users, u)
	}
	require.NoError(t, rows.Err())

	seenBy := map[string][]user{}
	otherTenantReaders := map[string]int{} // app: users of another tenant who read documents at all
	for _, u := range users {
		tx, err := admin.Begin(ctx)
		require.NoError(t, err)
		_, err = tx.Exec(ctx, `select tests.act_as($1)`, u.email)
		require.NoError(t, err, u.email)
		var ids []string
		rows, err := tx.Query(ctx, `select id::text from `+u.app+`_api.documents`)
		if err == nil {
			for rows.Next() {
				var id string
				require.NoError(t, rows.Scan(&id))
				ids = append(ids, id)
			}
			err = rows.Err()
		}
		var pgErr interface{ SQLState() string }
		if err != nil && !(errors.As(err, &pgErr) && pgErr.SQLState() == "42501") {
			require.NoError(t, err, "%s reads %s_api.documents", u.email, u.app)
		}
		require.NoError(t, tx.Rollback(ctx))
		for _, id := range ids {
			d, ok := docs[id]
			require.True(t, ok, "%s sees a document that is not stored", u.email)
			require.Equal(t, u.app, d.app, "%s sees a document of another application", u.email)
			require.Equal(t, u.tenant, d.tenant, "%s (%s) sees a %s document of another tenant", u.email, u.role, d.kind)
			seenBy[id] = append(seenBy[id], u)
		}
		if err == nil {
			otherTenantReaders[u.app+" "+u.tenant]++
		}
	}
	// the negative side is not vacuous: each application has readers of
	// documents in two tenants
	for _, app := range []string{"crm", "med", "hr"} {
		tenants := 0
		for k := range otherTenantReaders {
			if strings.HasPrefix(k, app+" ") {
				tenants++
			}
		}
		require.GreaterOrEqual(t, tenants, 2, "%s: users of two tenants read %s_api.documents", app, app)
	}
	var unseen []string
	for id, d := range docs {
		us := seenBy[id]
		if len(us) == 0 {
			unseen = append(unseen, d.app+" "+d.kind+" "+id)
			continue
		}
		// the first viewer gets the stored bytes
		tx, err := admin.Begin(ctx)
		require.NoError(t, err)
		_, err = tx.Exec(ctx, `select tests.act_as($1)`, us[0].email)
		require.NoError(t, err)
		var content []byte
		require.NoError(t, tx.QueryRow(ctx, `select `+d.app+`_api.document_content($1::uuid)`, id).Scan(&content),
			"%s reads the content of %s", us[0].email, id)
		require.NoError(t, tx.Rollback(ctx))
		sum := sha256.Sum256(content)
		require.Equal(t, d.sha, hex.EncodeToString(sum[:]), "the bytes of %s", id)
	}
	sort.Strings(unseen)
	require.Empty(t, unseen, "documents no user of their tenant may see")
}
