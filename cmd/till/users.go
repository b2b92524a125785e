package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"till"
)

// users runs `till users create`: a dashboard user of an account, whose
// password comes from standard input (--password-stdin) so that it stays
// out of the shell's history and the process list. Only its bcrypt hash is
// stored.
func users(ctx context.Context, cfg config, args []string, stdin io.Reader, stdout io.Writer) error {
	const usage = "usage: till users create --account ACCOUNT_ID --email EMAIL --password-stdin"
	if len(args) == 0 || args[0] != "create" {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet("users create", flag.ContinueOnError)
	account := fs.String("account", "", "the account the user signs in to")
	email := fs.String("email", "", "the email the user signs in with")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input (its first line)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *account == "" || *email == "" || !*fromStdin {
		return errors.New(usage)
	}
	password, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("users create: read the password: %w", err)
	}
	password = strings.TrimRight(password, "\r\n")
	store, err := openStore(ctx, cfg, false, stdout)
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := till.NewDashboardUser(*account, *email, password, store.Now())
	if err != nil {
		return fmt.Errorf("users create: %w", err)
	}
	if err := store.CreateDashboardUser(ctx, u); err != nil {
		return fmt.Errorf("users create: %w", err)
	}
	fmt.Fprintf(stdout, "user:    %s\naccount: %s\nemail:   %s\nsign in at %s/dashboard/login\n", u.ID, u.AccountID, u.Email, cfg.PublicURL)
	return nil
}
