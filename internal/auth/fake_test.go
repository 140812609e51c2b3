package auth

import (
	"context"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// fakeTx implements the part of register.Tx that this package uses, in memory, with the
// store's contract (ENOTFOUND for absent rows). The embedded nil interface makes any other
// call panic, so a test notices when auth starts using more of the store.
type fakeTx struct {
	register.Tx
	now      time.Time
	users    map[string]*register.User // by id
	tokens   map[string]register.Token
	sessions map[string]register.Session
	failures map[string][]time.Time
	touched  int
}

func newFakeTx(now time.Time) *fakeTx {
	return &fakeTx{now: now, users: map[string]*register.User{}, tokens: map[string]register.Token{},
		sessions: map[string]register.Session{}, failures: map[string][]time.Time{}}
}

func (f *fakeTx) Now() time.Time { return f.now }

func (f *fakeTx) UserByEmail(_ context.Context, email string) (*register.User, error) {
	for _, u := range f.users {
		if u.Email == email {
			c := *u
			return &c, nil
		}
	}
	return nil, register.NotFound()
}

func (f *fakeTx) UserByID(_ context.Context, id string) (*register.User, error) {
	if u, ok := f.users[id]; ok {
		c := *u
		return &c, nil
	}
	return nil, register.NotFound()
}

func (f *fakeTx) TokenByHash(_ context.Context, hash string) (*register.Token, error) {
	if t, ok := f.tokens[hash]; ok {
		return &t, nil
	}
	return nil, register.NotFound()
}

func (f *fakeTx) CreateSession(_ context.Context, s register.Session) error {
	f.sessions[s.Hash] = s
	return nil
}

func (f *fakeTx) SessionByHash(_ context.Context, hash string) (*register.Session, error) {
	if s, ok := f.sessions[hash]; ok {
		return &s, nil
	}
	return nil, register.NotFound()
}

func (f *fakeTx) TouchSession(_ context.Context, hash string, seen time.Time) error {
	s, ok := f.sessions[hash]
	if !ok {
		return register.NotFound()
	}
	s.LastSeen = seen
	f.sessions[hash] = s
	f.touched++
	return nil
}

func (f *fakeTx) DeleteSession(_ context.Context, hash string) error {
	delete(f.sessions, hash)
	return nil
}

func (f *fakeTx) AddLoginFailure(_ context.Context, key string, at time.Time) error {
	f.failures[key] = append(f.failures[key], at)
	return nil
}

func (f *fakeTx) LoginFailures(_ context.Context, key string, since time.Time) (int, error) {
	n := 0
	for _, at := range f.failures[key] {
		if !at.Before(since) {
			n++
		}
	}
	return n, nil
}

func (f *fakeTx) ClearLoginFailures(_ context.Context, key string) error {
	delete(f.failures, key)
	return nil
}
