/** What the rest of the service uses of notifications: `notify`, the routes, and the transport's lifecycle. */
export { notify, type NotifyInput } from './notifications.service.js';
export { notificationRoutes } from './notifications.routes.js';
export { closeNotifications, configureNotifications, sendDueMails } from './notifications.mail.js';
export { TEMPLATES, type TemplateId } from './notifications.templates.js';
