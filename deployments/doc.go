// Package deployments deploys Mule applications from Exchange to CloudHub
// 2.0 and Runtime Fabric, through Anypoint's Application Manager API
// (/amc/application-manager/api/v2), and follows them until they run.
//
// One package serves both runtimes because the platform does: the same
// Application Manager endpoints deploy to a CloudHub 2.0 space and to a
// Runtime Fabric, which differ only in the target (ListTargets) and in a
// few settings. CloudHub 1.0 and hybrid servers have other APIs and are not
// covered.
//
//	deploy := deployments.New(c)
//	d, err := deploy.CreateDeployment(ctx, orgID, envID, &deployments.CreateDeploymentRequest{
//		Name:     "orders-sync",
//		TargetID: targetID, // a space or a fabric, from ListTargets
//		Asset:    deployments.AssetRef{GroupID: orgID, ArtifactID: "orders-sync", Version: "1.0.0"},
//		Replicas: 1, VCores: 0.1,
//		Properties:       map[string]string{"env": "prod"},
//		SecureProperties: deployments.SecureProperties{"db.password": anypoint.Secret(pw)},
//	})
//	...
//	d, err = deploy.WaitForDeployment(ctx, orgID, envID, d.ID, &deployments.WaitOptions{
//		OnChange: func(d *deployments.Deployment) { log.Println(d.Status, d.Application.Status) },
//	})
//	var failed *deployments.DeploymentFailedError
//	if errors.As(err, &failed) {
//		log.Fatalf("%s failed: %s", failed.Name, failed.Reason)
//	}
//
// # Following a deployment
//
// The platform answers a deployment (and a redeploy, a scale, a stop) at
// once, APPLYING; some time later it is APPLIED with its application
// RUNNING, or FAILED with a reason on its replicas. WatchDeployment is an
// iterator over the changes, reading the deployment with a growing wait
// between reads; WaitForDeployment runs it to the end, calls
// WaitOptions.OnChange at each change, and turns a failure into a
// *DeploymentFailedError (errors.Is ErrDeploymentFailed) that carries the
// platform's reason. Both end with their context. WaitOptions.OnPoll hears
// of every read, with the time elapsed, to show progress while a deployment
// stays APPLYING:
//
//	OnPoll: func(p deployments.Poll) {
//		fmt.Printf("%4.0fs %s\n", p.Elapsed.Seconds(), p.Deployment.Status)
//	},
//
// In a test on the fake platform, WaitOptions.Clock set to the fake's clock
// (anypointtest's Server.Clock) makes the waits move the fake's time instead
// of taking any: the fake's deployment delay passes in milliseconds.
//
// # Secure properties
//
// A secure property's value is an anypoint.Secret: it prints as REDACTED in every fmt
// verb, in slog and in JSON, so requests and deployments can be logged. The
// value goes to the platform in the request body and nowhere else; if the
// platform quotes it in an error, CreateDeployment and UpdateDeployment
// replace it (in the message and in the raw body kept in *anypoint.Error)
// before returning. The platform does not answer secure values back: a
// Deployment holds their names only.
//
// # Lists
//
// ListDeployments returns one page ({total, items} on the wire) and
// AllDeployments walks them all; ListTargets answers every target at once.
// A list entry (DeploymentSummary) carries the state of the deployment and
// of its application, not why: a stopped application and a crashed one can
// both read APPLIED and NOT_RUNNING there, and GetDeployment tells them apart
// (Application.DesiredState, Reason).
//
// # Scopes
//
// Reading takes Read Applications (read:applications) and deploying
// Create Applications (create:applications), as MuleSoft's CloudHub 2.0
// documentation says; the same page asks Read Runtime Fabrics at the
// business group to see CloudHub 2.0 and Runtime Fabric applications, a
// second condition the endpoint table cannot express (it lists scopes any
// one of which is enough). Not confirmed: that an update takes
// create:applications, that a delete takes delete:applications, and that
// the target list takes read:runtime_fabrics. A missing scope is an
// *anypoint.ScopeError naming the declared ones.
//
// Empty IDs, a missing name, target or asset, negative sizes and a name
// that is both a property and a secure property are refused before any
// request, with an *anypoint.ValidationError.
package deployments
