// Package redisstore keeps the tokens of a connected app's users in Redis, so
// that every replica of a service shares each user's grant, and rotates its
// refresh token one replica at a time.
//
// It is a module of its own (github.com/anypoint-go/anypoint/redisstore), so
// that the SDK itself depends on no Redis client; it uses
// github.com/redis/go-redis/v9.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	st, err := redisstore.New(rdb, clientID, username, redisstore.Options{})
//	...
//	ts, err := connectedapps.AuthorizationCode{ClientID: id, ClientSecret: secret}.
//		TokenSource(ctx, nil, connectedapps.WithStore(st)) // nil: start from the stored token
//
// # Why a lock
//
// With refresh-token rotation the platform accepts a refresh token once. Two
// replicas that refresh the same user's grant at once spend the same token:
// one gets the new one, the other invalid_grant, and a replica that believes
// it is the loser may end the user's session. A Store implements
// connectedapps.Locker, so a token source takes its lock before it spends a
// refresh token, reads the stored token under the lock, and spends only a
// refresh token nobody has rotated yet: a replica that comes second finds the
// first one's new token in Redis and uses it, with no token request at all.
// A fleet makes about one token request per token lifetime, whatever its
// size.
//
// # Keys
//
// Each user of each app has one hash, Prefix:{clientID:user}:token, kept
// for Options.TTL after its last save (90 days by default: as long as a
// refresh token lives), and one lock key, Prefix:{clientID:user}:lock. The
// hash tag keeps both in one slot of a Redis Cluster, as its Lua scripts
// need.
//
// # The lock: owner, lease, fencing
//
// The lock key holds its owner (a random value) and a fencing token, a
// number that grows with every lock taken. It expires after Options.Lease;
// its holder renews the lease every third of it while it holds the lock, so
// a slow token request keeps it, and a holder that dies (killed, or cut off
// from Redis) blocks the others for one lease at most. Unlock frees the lock
// only when it is still the caller's, in one Lua script: a holder whose lease
// ran out never frees the lock that another replica took since.
//
// Every save is a compare-and-set in a Lua script: a save made under a lock
// carries that lock's fencing token and is refused (ErrStale) when the stored
// token was written under a later one, so a replica whose lease ran out
// mid-refresh cannot overwrite a newer token. A save without a lock (a new
// sign-in, a client-credentials token) takes a new fencing token, so it wins
// over any lock taken before it. A late save is not refused merely because
// the lease ran out: if the late replica's refresh reached the platform
// first, its token is the only live one, and the replica that took the lock
// over (whose own refresh the platform refused) finds it in Redis.
//
// # When Redis is down or slow
//
// Every command has a deadline (Options.Timeout), and every failure is an
// *Error that names the operation and the key (never the token). Meanwhile:
//
//   - replicas keep using the access tokens they hold until those end;
//     refreshes ahead of expiry fail quietly (logged at Warn) and are tried
//     again;
//   - a caller that needs a new token gets the *Error from its call: a
//     replica spends no refresh token without the lock, so an outage never
//     kills the grant, it only delays calls;
//   - a new token obtained just before Redis failed is still used, but not
//     saved (the token source logs it and calls connectedapps.OnSaveError's
//     function); the other replicas then see an older refresh token, which
//     the platform refuses, and find the newer one in Redis once it answers.
//
// When Redis answers again, the next call of each replica goes on with the
// stored token. Nothing is kept elsewhere: Redis's own persistence (AOF or
// RDB) decides whether tokens survive a restart of Redis itself; without
// it, users sign in again after one.
//
// # What a lock does not cover
//
// A replica that dies after its refresh request reached the platform and
// before it saved the answer takes the new refresh token with it: the
// platform has already spent the old one, and only a new sign-in helps. The
// lock makes that window as short as one token request.
package redisstore
