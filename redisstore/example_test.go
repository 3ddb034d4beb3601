package redisstore_test

import (
	"context"
	"log"
	"os"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/redisstore"
	"github.com/redis/go-redis/v9"
)

// Every replica of a service builds the same token source for a user: the
// grant is read from Redis, and refresh tokens rotate one replica at a
// time. The user signed in once, through any replica (AuthorizationCode's
// Login or Exchange, with the same store).
func Example() {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()

	clientID, secret := os.Getenv("ANYPOINT_CLIENT_ID"), os.Getenv("ANYPOINT_CLIENT_SECRET")
	st, err := redisstore.New(rdb, clientID, "max.mule", redisstore.Options{})
	if err != nil {
		log.Fatal(err)
	}
	// A nil token: start from the one in Redis.
	ts, err := connectedapps.AuthorizationCode{ClientID: clientID, ClientSecret: secret}.
		TokenSource(ctx, nil, connectedapps.WithStore(st))
	if err != nil {
		log.Fatal(err)
	}
	c, err := anypoint.NewClient(ts)
	if err != nil {
		log.Fatal(err)
	}
	envs, err := accounts.New(c).ListEnvironments(ctx, os.Getenv("ANYPOINT_ORG"), nil)
	if err != nil {
		log.Fatal(err) // while Redis is down: a *redisstore.Error, and the grant lives on
	}
	log.Printf("%d environments", envs.Total)
}
