package sms_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/sms"
	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

func TestMain(m *testing.M) { os.Exit(worktest.Main(m, child)) }

// child is an sms process that posts each message and then hangs before
// recording the job, as a process killed between the two would.
func child() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	return worker.Command(ctx, "sms", os.Getenv, os.Stderr, func(getenv func(string) string, w *worker.Worker) error {
		cfg, err := sms.ConfigFromEnv(getenv)
		if err != nil {
			return err
		}
		s, err := sms.New(cfg)
		if err != nil {
			return err
		}
		for kind := range sms.Templates {
			w.Handle(kind, func(ctx context.Context, job worker.Job) error {
				if err := s.Handle(ctx, job); err != nil {
					return err
				}
				select {} // posted; killed before it is recorded
			})
		}
		return nil
	})
}

const (
	sid   = "AC0123456789"
	token = "s3cret-token"
	from  = "+15550001111"
)

// request is one request as the gateway got it.
type request struct {
	Path, User, Password, Key, ContentType string
	Form                                   url.Values
}

// gateway plays a Twilio-style SMS API: it answers the n-th request (from
// 1) with reply's status (and sleep), and counts a message as delivered
// once per idempotency key, as such gateways do.
type gateway struct {
	*httptest.Server
	reply func(n int) (status int, sleep time.Duration)

	mu        sync.Mutex
	requests  []request
	delivered map[string]int // messages sent, by idempotency key
	replays   int            // requests answered from an earlier one
}

func startGateway(t *testing.T, reply func(n int) (int, time.Duration)) *gateway {
	t.Helper()
	g := &gateway{reply: reply, delivered: map[string]int{}}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		user, pass, _ := r.BasicAuth()
		g.mu.Lock()
		g.requests = append(g.requests, request{Path: r.URL.Path, User: user, Password: pass, Key: r.Header.Get("Idempotency-Key"),
			ContentType: r.Header.Get("Content-Type"), Form: r.PostForm})
		n := len(g.requests)
		g.mu.Unlock()
		status, sleep := http.StatusCreated, time.Duration(0)
		if g.reply != nil {
			status, sleep = g.reply(n)
		}
		if sleep > 0 {
			select {
			case <-time.After(sleep):
			case <-r.Context().Done():
				return
			}
		}
		if status == http.StatusCreated {
			g.mu.Lock()
			key := r.Header.Get("Idempotency-Key")
			if _, replay := g.delivered[key]; replay || key == "" {
				// a key seen before: the first message's answer, nothing sent
				g.replays++
			} else {
				g.delivered[key]++
			}
			g.mu.Unlock()
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"status": %d}`, status)
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *gateway) got() []request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]request(nil), g.requests...)
}

func start(t *testing.T, d *worktest.DB, g *gateway, timeout time.Duration) *worker.Worker {
	t.Helper()
	s, err := sms.New(sms.Config{GatewayURL: g.URL, AccountSID: sid, AuthToken: token, From: from, Timeout: timeout})
	require.NoError(t, err)
	return worktest.Start(t, worker.Config{Queue: "sms", DatabaseURL: d.WorkerURL, PollInterval: 200 * time.Millisecond,
		Concurrency: 4, Lease: 10 * time.Second}, s.Register)
}

type kindCase struct {
	kind    string
	payload map[string]any
	body    string
}

func kinds() []kindCase {
	return []kindCase{
		{"sms.sent_home", map[string]any{"app": "med", "template": "sent_home", "to": "+33612345678", "to_name": "Zoë Müller",
			"tenant_name": "Ørsted School District", "visit_id": "v-1", "student_name": "Noé Dupré", "school_name": "École Jean Jaurès",
			"picked_up_by": "Zoë Müller", "complaint": "fever 38.9 °C"},
			"École Jean Jaurès: Noé Dupré was sent home by the school nurse (fever 38.9 °C), picked up by Zoë Müller. Ørsted School District"},
		{"sms.ems_alert", map[string]any{"app": "med", "template": "ems_alert", "to": "+33612345678", "to_name": "Zoë Müller",
			"tenant_name": "Ørsted School District", "visit_id": "v-2", "student_name": "Noé Dupré", "school_name": "École Jean Jaurès",
			"complaint": "anaphylaxis", "at": "2026-11-29T10:15:00+01:00"},
			"EMERGENCY École Jean Jaurès: emergency services were called for Noé Dupré at 10:15 (29 Nov) (anaphylaxis). The school will call you. Ørsted School District"},
		{"sms.schedule_published", map[string]any{"app": "hr", "template": "schedule_published", "to": "+33698765432", "to_name": "Jürgen Groß",
			"tenant_name": "Hôtel Dubois Group", "employee_id": "e-1", "employee_name": "Jürgen Groß", "hotel_name": "Hôtel Dubois Lyon",
			"week_start": "2026-11-30", "shifts": []map[string]any{
				{"starts_at": "2026-11-30T07:00:00+01:00", "ends_at": "2026-11-30T15:00:00+01:00", "position": "Réception"},
				{"starts_at": "2026-12-02T22:00:00+01:00", "ends_at": "2026-12-03T06:00:00+01:00", "position": "Night audit"}}},
			"Hôtel Dubois Lyon: Jürgen Groß, your shifts for the week of 30 Nov:\nMon 30 Nov 07:00-15:00 Réception\nWed 2 Dec 22:00-06:00 Night audit"},
	}
}

// Every SMS kind is posted as a form with the account's credentials, the
// sender, the recipient, the text, and the job's idempotency key.
func TestEveryKindPosted(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	g := startGateway(t, nil)
	cases := kinds()
	require.Len(t, cases, len(sms.Templates), "a case per template")
	ids := map[string]kindCase{}
	for _, c := range cases {
		ids[sms.IdempotencyKey(d.Enqueue(t, c.kind, c.payload, ""))] = c
	}
	start(t, d, g, 5*time.Second)
	require.Eventually(t, func() bool { return d.Count(t, "done") == len(cases) }, 15*time.Second, 50*time.Millisecond)
	reqs := g.got()
	require.Len(t, reqs, len(cases))
	for _, r := range reqs {
		c, ok := ids[r.Key]
		require.True(t, ok, "the idempotency key %q names a job", r.Key)
		require.Equal(t, "/2010-04-01/Accounts/"+sid+"/Messages.json", r.Path)
		require.Equal(t, sid, r.User)
		require.Equal(t, token, r.Password)
		require.Equal(t, "application/x-www-form-urlencoded", r.ContentType)
		require.Equal(t, url.Values{"To": {c.payload["to"].(string)}, "From": {from}, "Body": {c.body}}, r.Form, c.kind)
	}
}

// A 500 is retried; the message is delivered on the next attempt.
func TestServerErrorRetried(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	g := startGateway(t, func(n int) (int, time.Duration) {
		if n == 1 {
			return http.StatusInternalServerError, 0
		}
		return http.StatusCreated, 0
	})
	c := kinds()[0]
	id := d.Enqueue(t, c.kind, c.payload, "")
	start(t, d, g, 5*time.Second)
	j := d.WaitJob(t, id, "done", 15*time.Second)
	require.Equal(t, 2, j.Attempt)
	reqs := g.got()
	require.Len(t, reqs, 2)
	require.Equal(t, reqs[0].Key, reqs[1].Key, "the retry carries the same idempotency key")
}

// A 400 fails the job for good.
func TestClientErrorDead(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	g := startGateway(t, func(int) (int, time.Duration) { return http.StatusBadRequest, 0 })
	c := kinds()[0]
	id := d.Enqueue(t, c.kind, c.payload, "")
	start(t, d, g, 5*time.Second)
	j := d.WaitJob(t, id, "dead", 10*time.Second)
	require.Equal(t, 1, j.Attempt)
	require.Contains(t, j.LastError, "400 Bad Request")
	require.Len(t, g.got(), 1, "no retry")
}

// A gateway slower than the timeout is retried. The first request is
// answered only after the client gave up (the gateway waits far longer
// than the timeout), so the timeout can leave the answered retry room on
// a busy machine.
func TestTimeoutRetried(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	g := startGateway(t, func(n int) (int, time.Duration) {
		if n == 1 {
			return http.StatusCreated, time.Minute // until the client hangs up
		}
		return http.StatusCreated, 0
	})
	c := kinds()[0]
	id := d.Enqueue(t, c.kind, c.payload, "")
	start(t, d, g, time.Second)
	j := d.WaitJob(t, id, "done", 15*time.Second)
	require.Equal(t, 2, j.Attempt, "the timed-out attempt was retried")
	g.mu.Lock()
	defer g.mu.Unlock()
	require.Equal(t, map[string]int{sms.IdempotencyKey(id): 1}, g.delivered, "delivered once")
}

// A recipient that is not an E.164 number is dead at once, nothing posted.
func TestBadRecipientDead(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	g := startGateway(t, nil)
	c := kinds()[0]
	p := map[string]any{}
	for k, v := range c.payload {
		p[k] = v
	}
	p["to"] = "06 12 34 56 78"
	id := d.Enqueue(t, c.kind, p, "")
	start(t, d, g, 5*time.Second)
	j := d.WaitJob(t, id, "dead", 10*time.Second)
	require.Equal(t, `sms.sent_home: recipient "06 12 34 56 78" is not an E.164 number`, j.LastError)
	require.Empty(t, g.got())
}

// The process killed after posting, before recording: the job runs again
// elsewhere with the same idempotency key, so the gateway delivers once.
func TestKilledAfterPostingSameKey(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	g := startGateway(t, nil)
	c := kinds()[0]
	id := d.Enqueue(t, c.kind, c.payload, "")
	ch := worktest.StartChild(t, "sms", d.Env("WORKER_LEASE=2s", "SMS_GATEWAY_URL="+g.URL, "SMS_ACCOUNT_SID="+sid,
		"SMS_AUTH_TOKEN="+token, "SMS_FROM="+from)...)
	require.Eventually(t, func() bool { return len(g.got()) == 1 }, 15*time.Second, 20*time.Millisecond,
		"the worker process posted the message")
	ch.Signal(t, syscall.SIGKILL)
	ch.Wait(t, 5*time.Second)
	require.Equal(t, "running", d.Job(t, id).State, "the killed worker did not record it")

	start(t, d, g, 5*time.Second)
	j := d.WaitJob(t, id, "done", 15*time.Second)
	require.Equal(t, 2, j.Attempt)
	reqs := g.got()
	require.Len(t, reqs, 2, "posted twice")
	require.Equal(t, reqs[0].Key, reqs[1].Key, "with the same idempotency key")
	g.mu.Lock()
	defer g.mu.Unlock()
	require.Equal(t, map[string]int{sms.IdempotencyKey(id): 1}, g.delivered, "the gateway sent one message")
	require.Equal(t, 1, g.replays, "and recognised the second request")
}

// The configuration comes from the environment; what is missing is named.
func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	_, err := sms.ConfigFromEnv(env(map[string]string{"SMS_GATEWAY_URL": "https://api.example.test"}))
	require.EqualError(t, err, "SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM not set")
	_, err = sms.ConfigFromEnv(env(map[string]string{"SMS_GATEWAY_URL": "ftp://x", "SMS_ACCOUNT_SID": "a", "SMS_AUTH_TOKEN": "b", "SMS_FROM": "+15550001111"}))
	require.ErrorContains(t, err, "want an http(s) URL")
	_, err = sms.ConfigFromEnv(env(map[string]string{"SMS_GATEWAY_URL": "https://x", "SMS_ACCOUNT_SID": "a", "SMS_AUTH_TOKEN": "b", "SMS_FROM": "555"}))
	require.ErrorContains(t, err, "E.164")
	for _, raw := range []string{"ftp://AC1:Tr0ub4dor@gw.test", "AC1:Tr0ub4dor@gw.test", "gw.test?token=Tr0ub4dor", "ftp://gw.test/?token=Tr0ub4dor"} {
		_, err = sms.ConfigFromEnv(env(map[string]string{"SMS_GATEWAY_URL": raw, "SMS_ACCOUNT_SID": "a", "SMS_AUTH_TOKEN": "b", "SMS_FROM": "+15550001111"}))
		require.ErrorContains(t, err, "want an http(s) URL", raw)
		require.NotContains(t, err.Error(), "Tr0ub4dor", "the secret of %q is not shown", raw)
	}
	c, err := sms.ConfigFromEnv(env(map[string]string{"SMS_GATEWAY_URL": "https://x", "SMS_ACCOUNT_SID": "a", "SMS_AUTH_TOKEN": "b", "SMS_FROM": "+15550001111"}))
	require.NoError(t, err)
	require.Equal(t, sms.Config{GatewayURL: "https://x", AccountSID: "a", AuthToken: "b", From: "+15550001111"}, c)
}

// A gateway that cannot be reached is retried with an error that names it
// without the token its URL may carry (in its query or its userinfo): the
// error is logged and kept in core.jobs.last_error.
func TestUnreachableGatewayErrorHidesToken(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there now
	for _, gw := range []string{"http://" + addr + "/base?api_key=Tr0ub4dor", "http://AC1:Tr0ub4dor@" + addr} {
		s, err := sms.New(sms.Config{GatewayURL: gw, AccountSID: sid, AuthToken: token, From: from, Timeout: 2 * time.Second})
		require.NoError(t, err)
		k := kinds()[0]
		p, err := json.Marshal(k.payload)
		require.NoError(t, err)
		err = s.Handle(context.Background(), worker.Job{ID: 1, Kind: k.kind, Payload: p, Attempt: 1, MaxAttempts: 5})
		require.Error(t, err)
		require.False(t, worker.IsPermanent(err), "a connection failure is retried: %v", err)
		require.ErrorContains(t, err, addr)
		require.NotContains(t, err.Error(), "Tr0ub4dor")
	}
}
