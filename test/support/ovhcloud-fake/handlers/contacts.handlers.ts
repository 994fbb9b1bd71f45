import { badRequest, conflict, notFound } from '../fake-error.js';
import { ownService, requireContact, type Handler, type HandlerContext, type HandlerTable } from '../handler.js';
import { PRODUCT_ROUTES, type FakeContactTask, type FakeProduct } from '../state.js';

const TYPES = ['contactAdmin', 'contactBilling', 'contactTech'] as const;

/** The mail each concerned account gets, with its own token in the control panel's link. */
export function contactChangeMail(ctx: HandlerContext, task: FakeContactTask, nichandle: string): void {
  const token = task.tokens[nichandle]!;
  ctx.state.mail(
    nichandle, ctx.now, `Contact change request #${task.id} for ${task.serviceDomain}`,
    `A change of the ${task.contactType} contact of ${task.serviceDomain} from ${task.fromAccount} to ${task.toAccount} was requested by ${task.askingAccount}.\n` +
      `To accept or refuse it, open https://www.ovh.com/manager/#/dedicated/useraccount/contacts/requests?id=${task.id}&token=${token}\n` +
      `or use the token ${token} with /me/task/contactChange/${task.id}/accept. This request expires in 7 days.`,
  );
}

function changeContact(product: FakeProduct): Handler {
  return (ctx) => {
    const s = ownService(ctx, ctx.path.serviceName, product);
    requireContact(ctx, s, ['contactAdmin'], 'change its contacts');
    const changes = TYPES.filter((t) => ctx.body[t] !== undefined && ctx.body[t] !== null);
    if (changes.length === 0) throw badRequest('Give at least one of contactAdmin, contactBilling, contactTech');
    for (const t of changes) {
      if (!ctx.state.account(ctx.body[t])) throw badRequest(`[${t}] ${ctx.body[t]} is not a valid account`);
      if (s.contacts[t] === ctx.body[t]) throw badRequest(`[${t}] ${ctx.body[t]} is already the ${t} of ${s.name}`);
      if (ctx.state.tasks.some((x) => x.serviceId === s.serviceId && x.contactType === t && x.state === 'validatingByCustomers')) {
        throw conflict(`A change of the ${t} of ${s.name} is already waiting for validation`);
      }
    }
    return changes.map((t) => {
      const from = s.contacts[t];
      const to = ctx.body[t] as string;
      const task: FakeContactTask = {
        id: ctx.state.nextId('task'), serviceId: s.serviceId, serviceDomain: s.name, contactType: t, fromAccount: from, toAccount: to,
        askingAccount: ctx.account.nichandle, dateRequest: ctx.now, dateDone: null, state: 'validatingByCustomers',
        tokens: { [from]: ctx.state.token(), [to]: ctx.state.token() }, accepted: new Set(),
      };
      ctx.state.tasks.push(task);
      for (const nic of new Set([from, to])) contactChangeMail(ctx, task, nic);
      return task.id;
    });
  };
}

function myTask(ctx: HandlerContext): FakeContactTask {
  const nic = ctx.account.nichandle;
  const t = ctx.state.tasks.find((x) => x.id === ctx.path.id && (x.fromAccount === nic || x.toAccount === nic || x.askingAccount === nic));
  if (!t) throw notFound(`Contact change task ${ctx.path.id} does not exist`);
  return t;
}

function settle(ctx: HandlerContext, accept: boolean): null {
  const t = myTask(ctx);
  const nic = ctx.account.nichandle;
  const expected = t.tokens[nic];
  if (expected === undefined) throw badRequest('Only the current and the new contact can settle this request');
  if (t.state !== 'validatingByCustomers') throw conflict(`This request is ${t.state}`);
  if (ctx.body.token !== expected) throw badRequest('Invalid token');
  if (!accept) {
    t.state = 'refused';
    t.dateDone = ctx.now;
    return null;
  }
  if (t.accepted.has(nic)) throw conflict('You already accepted this request');
  t.accepted.add(nic);
  if (Object.keys(t.tokens).every((n) => t.accepted.has(n))) {
    t.state = 'done';
    t.dateDone = ctx.now;
    const s = ctx.state.services.find((x) => x.serviceId === t.serviceId);
    if (s) s.contacts[t.contactType] = t.toAccount;
  }
  return null;
}

/** `changeContact` on every product, and `/me/task/contactChange`. */
export const contactHandlers: HandlerTable = {
  ...Object.fromEntries(Object.entries(PRODUCT_ROUTES).map(([product, route]) => [`POST ${route}/changeContact`, changeContact(product as FakeProduct)])),
  'GET /me/task/contactChange': (ctx) => {
    const nic = ctx.account.nichandle;
    return ctx.state.tasks
      .filter((t) => t.fromAccount === nic || t.toAccount === nic || t.askingAccount === nic)
      .filter((t) => ctx.query.state === undefined || t.state === ctx.query.state)
      .filter((t) => ctx.query.askingAccount === undefined || t.askingAccount === ctx.query.askingAccount)
      .filter((t) => ctx.query.toAccount === undefined || t.toAccount === ctx.query.toAccount)
      .map((t) => t.id);
  },
  'GET /me/task/contactChange/{id}': (ctx) => ctx.views.task(myTask(ctx)),
  'POST /me/task/contactChange/{id}/accept': (ctx) => settle(ctx, true),
  'POST /me/task/contactChange/{id}/refuse': (ctx) => settle(ctx, false),
  'POST /me/task/contactChange/{id}/resendEmail': (ctx) => {
    const t = myTask(ctx);
    if (t.state !== 'validatingByCustomers') throw conflict(`This request is ${t.state}`);
    for (const nic of Object.keys(t.tokens)) contactChangeMail(ctx, t, nic);
    return null;
  },
};
