/**
 * Who a view is for (issue 9, point 1; DOMAIN.md "Personal data protection"). The patient's own
 * hospital sees the record; everyone else reached through a relationship sees a de-identified
 * summary of its own audience: no name, identity-card or insurance numbers, exact address or birth
 * date, only what the purpose needs.
 */
export const AUDIENCES = ['own-hospital', 'receiving-hospital', 'charity-partner', 'conference-guest'] as const;
export type Audience = (typeof AUDIENCES)[number];
