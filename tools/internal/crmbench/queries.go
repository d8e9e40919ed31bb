package crmbench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// querier is what the three-tier queries need: a connection, a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// ensureData generates scale x 200 clients with history when the demo
// brokerage holds fewer accounts than that. It returns the accounts opened.
func ensureData(ctx context.Context, conn *pgx.Conn, scale int) (int, time.Duration, error) {
	var accounts int
	err := conn.QueryRow(ctx, `
        select count(*)
        from crm.accounts as accounts
        join core.tenants as tenants on tenants.id = accounts.tenant_id
        where tenants.app = 'crm' and tenants.name = 'Demo Brokerage'`).Scan(&accounts)
	if err != nil {
		return 0, 0, fmt.Errorf("count accounts (is the CRM built and seeded?): %w", err)
	}
	if accounts >= scale*200 {
		return 0, 0, nil
	}
	var exists bool
	if err := conn.QueryRow(ctx, `select to_regprocedure('seed.generate_crm(integer)') is not null`).Scan(&exists); err != nil {
		return 0, 0, err
	}
	if !exists {
		return 0, 0, errors.New("seed.generate_crm(int) is missing: rebuild the development database with its seed")
	}
	start := time.Now()
	var opened int
	if err := conn.QueryRow(ctx, `select seed.generate_crm($1)`, scale).Scan(&opened); err != nil {
		return 0, 0, fmt.Errorf("seed.generate_crm(%d): %w", scale, err)
	}
	return opened, time.Since(start), nil
}

// markPrices sends, through the API as the demo brokerage's price feed, one
// price tick per symbol held open (0.1 % above the average open price), so
// that summaries value positions at a mark price and not only at their open
// price; then EURUSD at 1.0802, which the open_close_position script's fills
// (1.0800, 1.0805) lie within the tolerance of.
func markPrices(ctx context.Context, conn *pgx.Conn) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	_, err = tx.Exec(ctx, `
        select set_config('request.jwt.claims',
                          json_build_object('role', users.role, 'sub', users.id, 'email', users.email, 'app', 'crm')::text,
                          true)
        from core.users as users
        where users.app = 'crm' and users.email = 'feed@crm.demo'`)
	if err != nil {
		return fmt.Errorf("act as the price feed: %w", err)
	}
	_, err = tx.Exec(ctx, `
        select crm_api.set_price(held.symbol, round(held.price * 1.001, 5))
        from (select positions.symbol, avg(positions.open_price) as price
              from crm.positions as positions
              join core.tenants as tenants on tenants.id = positions.tenant_id
              where tenants.name = 'Demo Brokerage' and positions.closed_at is null
              group by positions.symbol) as held;
        select crm_api.set_price('EURUSD', 1.0802)`)
	if err != nil {
		return fmt.Errorf("price ticks: %w", err)
	}
	return tx.Commit(ctx)
}

// prepareAccounts fills crmbench.accounts with the accounts the scripts draw
// from: clients with a login and at least 2,000 of free margin, with the
// claims of the client and of the brokerage's finance user.
func prepareAccounts(ctx context.Context, conn *pgx.Conn) (int, error) {
	_, err := conn.Exec(ctx, `
        drop schema if exists crmbench cascade;
        create schema crmbench;
        create unlogged table crmbench.accounts (
            n int primary key,
            account_id uuid not null,
            client_user_id uuid not null,
            client_claims text not null,
            finance_claims text not null
        );
        insert into crmbench.accounts (n, account_id, client_user_id, client_claims, finance_claims)
        select row_number() over (order by accounts.id),
               accounts.id,
               users.id,
               json_build_object('role', users.role, 'sub', users.id, 'email', users.email, 'app', 'crm')::text,
               (select json_build_object('role', finance.role, 'sub', finance.id, 'email', finance.email, 'app', 'crm')::text
                from core.users as finance
                where finance.tenant_id = accounts.tenant_id and finance.role = 'crm_finance' and finance.is_active
                order by finance.email
                limit 1)
        from crm.accounts as accounts
        join crm.clients as clients on clients.id = accounts.client_id
        join core.users as users on users.id = clients.user_id
        join core.tenants as tenants on tenants.id = accounts.tenant_id
        where tenants.name = 'Demo Brokerage'
          and users.is_active
          and (select state.free_margin from crm_private.account_state(accounts.id) as state) >= 2000;
        grant usage on schema crmbench to crm_client, crm_finance;`)
	if err != nil {
		return 0, fmt.Errorf("prepare crmbench.accounts: %w", err)
	}
	var n int
	if err := conn.QueryRow(ctx, `select count(*) from crmbench.accounts`).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, errors.New("no account with a client login and 2,000 of free margin to draw from")
	}
	return n, nil
}

// dataStats describes the data the run measures.
func dataStats(ctx context.Context, conn *pgx.Conn) (string, error) {
	var clients, accounts, positions, open, deposits, entries int64
	err := conn.QueryRow(ctx, `
        select (select count(*) from crm.clients),
               (select count(*) from crm.accounts),
               (select count(*) from crm.positions),
               (select count(*) from crm.positions where closed_at is null),
               (select count(*) from crm.deposits),
               (select count(*) from crm.ledger_entries)`).Scan(&clients, &accounts, &positions, &open, &deposits, &entries)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d clients, %d accounts, %d positions (%d open), %d deposits, %d ledger entries",
		clients, accounts, positions, open, deposits, entries), nil
}
