package mailer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/mailer"
	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

// rawSMTP is an SMTP server that answers every command normally except
// that it closes the connection, without a reply, when it receives the
// command dropAt ("RSET", "QUIT", or "." for the end of DATA). It counts
// the messages it accepted (a 250 to the end of DATA).
func rawSMTP(t *testing.T, dropAt string) (addr string, accepted *atomic.Int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	accepted = new(atomic.Int64)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				w := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
				w("220 raw.test ESMTP")
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.TrimSpace(line))
					if strings.HasPrefix(cmd, dropAt) && dropAt != "." {
						return // dropped without a reply
					}
					switch {
					case strings.HasPrefix(cmd, "EHLO"):
						w("250-raw.test")
						w("250 8BITMIME")
					case strings.HasPrefix(cmd, "DATA"):
						w("354 go ahead")
						for {
							l, err := r.ReadString('\n')
							if err != nil {
								return
							}
							if l == ".\r\n" {
								break
							}
						}
						if dropAt == "." {
							return
						}
						accepted.Add(1)
						w("250 2.0.0 Ok: queued")
					case strings.HasPrefix(cmd, "QUIT"):
						w("221 bye")
						return
					default:
						w("250 ok")
					}
				}
			}(c)
		}
	}()
	return l.Addr().String(), accepted
}

// A mail the server accepted is done, even if the session fails after
// (the review's finding 1: it was sent 5 times, then marked dead); the
// failure is logged as a warning. A connection lost before the server's
// reply to DATA is still a retried failure.
func TestAcceptedThenSessionFailsIsDone(t *testing.T) {
	t.Parallel()
	k := kinds()[7] // mailer.ems_alert
	p, err := json.Marshal(k.payload)
	require.NoError(t, err)
	for _, dropAt := range []string{"QUIT", "RSET"} {
		addr, accepted := rawSMTP(t, dropAt)
		var logs bytes.Buffer
		m, err := mailer.New(mailer.Config{SMTP: &url.URL{Scheme: "smtp", Host: addr}, From: from, Timeout: 5 * time.Second,
			Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		require.NoError(t, err)
		err = m.Handle(context.Background(), worker.Job{ID: 7, Kind: k.kind, Payload: p, Attempt: 1, MaxAttempts: 5})
		require.NoError(t, err, "dropped at %s after the message was accepted", dropAt)
		require.Equal(t, int64(1), accepted.Load())
		require.Contains(t, logs.String(), "level=WARN")
		require.Contains(t, logs.String(), "job_id=7")
	}

	addr, accepted := rawSMTP(t, ".")
	m, err := mailer.New(mailer.Config{SMTP: &url.URL{Scheme: "smtp", Host: addr}, From: from, Timeout: 5 * time.Second})
	require.NoError(t, err)
	err = m.Handle(context.Background(), worker.Job{ID: 8, Kind: k.kind, Payload: p, Attempt: 1, MaxAttempts: 5})
	require.Error(t, err, "dropped before the reply to DATA: not sent")
	require.False(t, worker.IsPermanent(err), "and retried: %v", err)
	require.Equal(t, int64(0), accepted.Load())
}

// End to end: the job is done on its first attempt and the server got
// one copy.
func TestQuitDroppedSentOnce(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	addr, accepted := rawSMTP(t, "QUIT")
	start(t, d, "smtp://"+addr)
	k := kinds()[7]
	id := d.Enqueue(t, k.kind, k.payload, "")
	j := d.WaitJob(t, id, "done", 30*time.Second)
	require.Equal(t, 1, j.Attempt)
	time.Sleep(500 * time.Millisecond)
	require.Equal(t, int64(1), accepted.Load(), "one mail per job")
}
