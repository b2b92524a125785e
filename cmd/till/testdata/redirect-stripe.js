// Preloaded into a Node process under test (NODE_OPTIONS="--require
// …/redirect-stripe.js"; TestStripeNodeAppUnchanged does so for the stripe-node
// shop), it does for that one process what a hosts entry does for a machine:
// connections for *.stripe.com:443 go to TILL_STRIPE_HOSTS_ADDR (host:port)
// instead, while the TLS handshake keeps the name it was asked for, so SNI and
// the certificate check are still for api.stripe.com (trusted through
// NODE_EXTRA_CA_CERTS). The app's code is unchanged.
'use strict';

const tls = require('tls');

const target = process.env.TILL_STRIPE_HOSTS_ADDR;
if (!target) {
  throw new Error('redirect-stripe.js: TILL_STRIPE_HOSTS_ADDR (host:port) is not set');
}
const sep = target.lastIndexOf(':');
const targetHost = target.slice(0, sep).replace(/^\[(.*)\]$/, '$1');
const targetPort = Number(target.slice(sep + 1));

function isStripeName(host) {
  return typeof host === 'string' && (host === 'stripe.com' || host.endsWith('.stripe.com'));
}

// lookupTarget answers every lookup with the target's address, in either of
// dns.lookup's shapes (a list when options.all, as Node's happy-eyeballs
// connect asks for).
function lookupTarget(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  const family = targetHost.includes(':') ? 6 : 4;
  if (options && options.all) {
    callback(null, [{address: targetHost, family}]);
  } else {
    callback(null, targetHost, family);
  }
}

// https.Agent (and so stripe-node) calls tls.connect(options); the
// tls.connect(port, host, …) form is left alone.
const connect = tls.connect;
tls.connect = function redirectedConnect(options, ...rest) {
  if (options !== null && typeof options === 'object' && !options.socket && isStripeName(options.host) &&
      Number(options.port ?? 443) === 443) {
    options = {...options, servername: options.servername || options.host, port: targetPort, lookup: lookupTarget};
  }
  return connect.call(this, options, ...rest);
};
