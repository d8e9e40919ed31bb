package crmbench

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Summary is an account summary in the account's currency; MarginLevel is
// nil without used margin.
type Summary struct {
	Balance, Equity, UsedMargin, FreeMargin *big.Rat
	MarginLevel                             *big.Rat
}

// Equal reports whether two summaries hold the same numbers.
func (s Summary) Equal(o Summary) bool {
	eq := func(a, b *big.Rat) bool {
		if a == nil || b == nil {
			return a == nil && b == nil
		}
		return a.Cmp(b) == 0
	}
	return eq(s.Balance, o.Balance) && eq(s.Equity, o.Equity) && eq(s.UsedMargin, o.UsedMargin) &&
		eq(s.FreeMargin, o.FreeMargin) && eq(s.MarginLevel, o.MarginLevel)
}

func (s Summary) String() string {
	f := func(r *big.Rat) string {
		if r == nil {
			return "null"
		}
		return r.FloatString(4)
	}
	return fmt.Sprintf("balance %s equity %s used %s free %s level %s",
		f(s.Balance), f(s.Equity), f(s.UsedMargin), f(s.FreeMargin), f(s.MarginLevel))
}

type openPosition struct {
	symbol, side, quote   string
	lots, open, size, mgn *big.Rat
}

// AccountsOwnedBy is the three-tier application's ownership check: the
// account, its currency and tenant, if it belongs to the user's client record.
func accountsOwnedBy(ctx context.Context, q querier, accountID, userID string) (currency, tenantID string, err error) {
	err = q.QueryRow(ctx, `
        select accounts.currency, accounts.tenant_id::text
        from crm.accounts as accounts
        join crm.clients as clients on clients.id = accounts.client_id
        where accounts.id = $1
          and clients.user_id = $2`, accountID, userID).Scan(&currency, &tenantID)
	return currency, tenantID, err
}

// ledgerEntriesOfAccount fetches every ledger leg of the account (the rows
// whose sum is its balance).
func ledgerEntriesOfAccount(ctx context.Context, q querier, accountID string) ([]*big.Rat, error) {
	rows, err := q.Query(ctx, `
        select entries.amount::text
        from crm.ledger_entries as entries
        where entries.account_id = $1`, accountID)
	if err != nil {
		return nil, err
	}
	amounts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*big.Rat, error) {
		var s string
		if err := row.Scan(&s); err != nil {
			return nil, err
		}
		return parseRat(s)
	})
	return amounts, err
}

// positionsOpenOfAccount fetches the open positions with their instrument.
func positionsOpenOfAccount(ctx context.Context, q querier, accountID string) ([]openPosition, error) {
	rows, err := q.Query(ctx, `
        select positions.symbol, positions.side, instruments.quote_currency,
               positions.lots::text, positions.open_price::text, instruments.contract_size::text, positions.margin::text
        from crm.positions as positions
        join crm.instruments as instruments on instruments.symbol = positions.symbol
        where positions.account_id = $1
          and positions.closed_at is null`, accountID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (openPosition, error) {
		var p openPosition
		var lots, open, size, mgn string
		if err := row.Scan(&p.symbol, &p.side, &p.quote, &lots, &open, &size, &mgn); err != nil {
			return p, err
		}
		var err error
		for _, f := range []struct {
			dst **big.Rat
			s   string
		}{{&p.lots, lots}, {&p.open, open}, {&p.size, size}, {&p.mgn, mgn}} {
			if *f.dst, err = parseRat(f.s); err != nil {
				return p, err
			}
		}
		return p, nil
	})
}

// pricesLatest fetches the brokerage's latest mark price of each symbol.
func pricesLatest(ctx context.Context, q querier, tenantID string, symbols []string) (map[string]*big.Rat, error) {
	rows, err := q.Query(ctx, `
        select distinct on (prices.symbol) prices.symbol, prices.price::text
        from crm.prices as prices
        where prices.tenant_id = $1
          and prices.symbol = any ($2)
        order by prices.symbol, prices.at desc, prices.id desc`, tenantID, symbols)
	if err != nil {
		return nil, err
	}
	return collectMap(rows)
}

// fxRatesToday fetches the EUR value of one unit of each currency today (the
// latest rate on or before today).
func fxRatesToday(ctx context.Context, q querier, currencies []string) (map[string]*big.Rat, error) {
	rows, err := q.Query(ctx, `
        select distinct on (fx_rates.currency) fx_rates.currency, fx_rates.eur_per_unit::text
        from crm.fx_rates as fx_rates
        where fx_rates.currency = any ($1)
          and fx_rates.rate_on <= current_date
        order by fx_rates.currency, fx_rates.rate_on desc`, currencies)
	if err != nil {
		return nil, err
	}
	m, err := collectMap(rows)
	if err != nil {
		return nil, err
	}
	m["EUR"] = big.NewRat(1, 1)
	return m, nil
}

func collectMap(rows pgx.Rows) (map[string]*big.Rat, error) {
	m := map[string]*big.Rat{}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		r, err := parseRat(v)
		if err != nil {
			return nil, err
		}
		m[k] = r
	}
	return m, rows.Err()
}

// ComputeSummary is account_summary the three-tier way: it fetches the rows
// and computes in Go what crm_private.account_state computes in SQL, with
// the same rounding (half away from zero, to cents; margin level to 2 places).
func computeSummary(ctx context.Context, q querier, accountID, userID string) (Summary, error) {
	currency, tenantID, err := accountsOwnedBy(ctx, q, accountID, userID)
	if err != nil {
		return Summary{}, fmt.Errorf("ownership of %s: %w", accountID, err)
	}
	amounts, err := ledgerEntriesOfAccount(ctx, q, accountID)
	if err != nil {
		return Summary{}, err
	}
	positions, err := positionsOpenOfAccount(ctx, q, accountID)
	if err != nil {
		return Summary{}, err
	}
	balance := new(big.Rat)
	for _, a := range amounts {
		balance.Add(balance, a)
	}
	used := new(big.Rat)
	var symbols []string
	currencies := []string{currency}
	for _, p := range positions {
		used.Add(used, p.mgn)
		symbols = append(symbols, p.symbol)
		currencies = append(currencies, p.quote)
	}
	unrealized := new(big.Rat)
	if len(positions) > 0 {
		marks, err := pricesLatest(ctx, q, tenantID, symbols)
		if err != nil {
			return Summary{}, err
		}
		rates, err := fxRatesToday(ctx, q, currencies)
		if err != nil {
			return Summary{}, err
		}
		byQuote := map[string]*big.Rat{}
		for _, p := range positions {
			mark, ok := marks[p.symbol]
			if !ok {
				mark = p.open
			}
			pnl := new(big.Rat).Sub(mark, p.open)
			pnl.Mul(pnl, p.lots)
			pnl.Mul(pnl, p.size)
			if p.side == "sell" {
				pnl.Neg(pnl)
			}
			if byQuote[p.quote] == nil {
				byQuote[p.quote] = new(big.Rat)
			}
			byQuote[p.quote].Add(byQuote[p.quote], pnl)
		}
		for quote, pnl := range byQuote {
			if quote != currency {
				from, to := rates[quote], rates[currency]
				if from == nil || to == nil {
					return Summary{}, fmt.Errorf("no rate for %s or %s", quote, currency)
				}
				pnl = new(big.Rat).Quo(new(big.Rat).Mul(pnl, from), to)
			}
			unrealized.Add(unrealized, pnl)
		}
	}
	equity := new(big.Rat).Add(balance, roundHalfAway(unrealized, 2))
	s := Summary{
		Balance:    balance,
		Equity:     equity,
		UsedMargin: used,
		FreeMargin: new(big.Rat).Sub(equity, used),
	}
	if used.Sign() > 0 {
		level := new(big.Rat).Quo(equity, used)
		level.Mul(level, big.NewRat(100, 1))
		s.MarginLevel = roundHalfAway(level, 2)
	}
	return s, nil
}

// roundHalfAway rounds to places decimals, halves away from zero (numeric's round).
func roundHalfAway(r *big.Rat, places int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	neg := x.Sign() < 0
	x.Abs(x)
	x.Add(x, big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom())
	if neg {
		q.Neg(q)
	}
	return new(big.Rat).SetFrac(q, scale)
}

func parseRat(s string) (*big.Rat, error) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("not a number: %q", s)
	}
	return r, nil
}

// summaryInDatabase calls crm_api.account_summary as the client, as PostgREST would.
func summaryInDatabase(ctx context.Context, conn *pgx.Conn, accountID, claims string) (Summary, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return Summary{}, err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `select set_config('request.jwt.claims', $1, true)`, claims); err != nil {
		return Summary{}, err
	}
	if _, err := tx.Exec(ctx, `set local role crm_client`); err != nil {
		return Summary{}, err
	}
	var bal, eq, used, free string
	var level *string
	err = tx.QueryRow(ctx, `
        select balance::text, equity::text, used_margin::text, free_margin::text, margin_level::text
        from crm_api.account_summary($1)`, accountID).Scan(&bal, &eq, &used, &free, &level)
	if err != nil {
		return Summary{}, err
	}
	s := Summary{}
	for _, f := range []struct {
		dst **big.Rat
		v   string
	}{{&s.Balance, bal}, {&s.Equity, eq}, {&s.UsedMargin, used}, {&s.FreeMargin, free}} {
		if *f.dst, err = parseRat(f.v); err != nil {
			return Summary{}, err
		}
	}
	if level != nil {
		if s.MarginLevel, err = parseRat(*level); err != nil {
			return Summary{}, err
		}
	}
	return s, nil
}

type benchAccount struct{ accountID, userID, claims string }

func drawAccounts(ctx context.Context, q querier, limit int) ([]benchAccount, error) {
	rows, err := q.Query(ctx, `
        select accounts.account_id::text, accounts.client_user_id::text, accounts.client_claims
        from bench_crm.params as accounts
        order by accounts.n
        limit $1`, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (benchAccount, error) {
		var a benchAccount
		err := row.Scan(&a.accountID, &a.userID, &a.claims)
		return a, err
	})
}

// verify computes the summary of up to limit accounts both ways and lists
// the accounts where they differ.
func verify(ctx context.Context, conn *pgx.Conn, limit int) (int, []string, error) {
	accounts, err := drawAccounts(ctx, conn, limit)
	if err != nil {
		return 0, nil, err
	}
	var mismatches []string
	for _, a := range accounts {
		inGo, err := computeSummary(ctx, conn, a.accountID, a.userID)
		if err != nil {
			return 0, nil, err
		}
		inDB, err := summaryInDatabase(ctx, conn, a.accountID, a.claims)
		if err != nil {
			return 0, nil, fmt.Errorf("account_summary(%s): %w", a.accountID, err)
		}
		if !inGo.Equal(inDB) {
			mismatches = append(mismatches, fmt.Sprintf("%s: database %s; Go %s", a.accountID, inDB, inGo))
		}
	}
	return len(accounts), mismatches, nil
}

// runThreeTier runs computeSummary on random accounts from o.Clients
// goroutines, each on its own connection (opened before the clock starts,
// as pgbench's are), for o.Duration and returns summaries per second.
func runThreeTier(ctx context.Context, dbURL string, o Options, n int) (float64, error) {
	conns := make([]*pgx.Conn, o.Clients)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close(context.Background())
			}
		}
	}()
	for i := range conns {
		c, err := pgx.Connect(ctx, dbURL)
		if err != nil {
			return 0, err
		}
		conns[i] = c
	}
	accounts, err := drawAccounts(ctx, conns[0], n)
	if err != nil {
		return 0, err
	}
	runCtx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	var done atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for runCtx.Err() == nil {
				a := accounts[rand.IntN(len(accounts))]
				if _, err := computeSummary(runCtx, c, a.accountID, a.userID); err != nil {
					if runCtx.Err() == nil {
						once.Do(func() { firstErr = err })
					}
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(done.Load()) / elapsed.Seconds(), nil
}
