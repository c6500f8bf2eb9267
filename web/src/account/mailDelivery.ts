import type { MailDelivery } from "@tickler/domain"

/**
 * What to say when a link Tickler made was not mailed (undefined when it was): without SMTP the `dev`
 * profile prints it in the server's console, and the person at that machine has to be told to look there.
 */
export const notMailed = (delivery: MailDelivery): string | undefined =>
  delivery === "console"
    ? "this server has no mail server set up, so the link was printed in the server's console (its log) instead of mailed. Open it from there."
    : delivery === "none"
      ? "this server has no mail server set up, so it can't send links. Ask whoever runs it to configure SMTP."
      : undefined
