// A small shop with an ordinary Stripe Checkout integration: it creates a
// Checkout Session and redirects the shopper to Stripe's hosted page, shows
// the paid session on its success page, and takes Stripe's webhooks.
//
//   STRIPE_SECRET_KEY=sk_test_… STRIPE_WEBHOOK_SECRET=whsec_… node server.js
'use strict';

const http = require('http');
const Stripe = require('stripe');

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
const port = Number(process.env.PORT || 4242);

// The types of the webhook events received, in order of arrival.
const eventTypes = [];

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJSON(res, status, value) {
  res.writeHead(status, {'Content-Type': 'application/json'});
  res.end(JSON.stringify(value));
}

async function createCheckoutSession(req, res) {
  await readBody(req);
  const origin = `http://${req.headers.host}`;
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [
      {
        price_data: {
          currency: 'usd',
          product_data: {name: 'Stubborn Attachments'},
          unit_amount: 2000,
        },
        quantity: 1,
      },
    ],
    success_url: `${origin}/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${origin}/cancel`,
  });
  res.writeHead(303, {Location: session.url});
  res.end();
}

async function success(req, res, url) {
  const session = await stripe.checkout.sessions.retrieve(url.searchParams.get('session_id'), {
    expand: ['line_items'],
  });
  sendJSON(res, 200, session);
}

async function webhook(req, res) {
  const body = await readBody(req);
  let event;
  try {
    event = stripe.webhooks.constructEvent(body, req.headers['stripe-signature'], webhookSecret);
  } catch (err) {
    sendJSON(res, 400, {error: `Webhook Error: ${err.message}`});
    return;
  }
  eventTypes.push(event.type);
  sendJSON(res, 200, {received: true});
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  try {
    if (req.method === 'POST' && url.pathname === '/create-checkout-session') {
      await createCheckoutSession(req, res);
    } else if (req.method === 'GET' && url.pathname === '/success') {
      await success(req, res, url);
    } else if (req.method === 'POST' && url.pathname === '/webhook') {
      await webhook(req, res);
    } else if (req.method === 'GET' && url.pathname === '/events') {
      sendJSON(res, 200, eventTypes);
    } else {
      sendJSON(res, 404, {error: 'not found'});
    }
  } catch (err) {
    sendJSON(res, err.statusCode || 500, {error: err.message});
  }
});

server.listen(port, () => console.log(`Listening on port ${port}`));
