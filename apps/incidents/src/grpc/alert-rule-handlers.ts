import type { IncidentsServiceServer } from '@vigil/contracts/incidents';
import { NotFoundError } from '@vigil/runtime';
import {
  createAlertRule,
  deleteAlertRule,
  findAlertRule,
  listAlertRules,
  updateAlertRule,
} from '../db/alert-rule-store.js';
import { positiveId } from '../domain/field-rules.js';
import { decodePageToken, page, pageSize } from './page-token.js';
import { alertRuleChangesFrom, newAlertRuleFrom } from './request-mapping.js';
import { alertRuleToProto } from './response-mapping.js';
import { handlerFactory, type IncidentsServiceDeps } from './service-deps.js';

type AlertRuleHandlers = Pick<
  IncidentsServiceServer,
  'createAlertRule' | 'getAlertRule' | 'updateAlertRule' | 'deleteAlertRule' | 'listAlertRules'
>;

const notFound = (id: string) => new NotFoundError(`alert rule ${id} not found`);

export function alertRuleHandlers(deps: IncidentsServiceDeps): AlertRuleHandlers {
  const handler = handlerFactory(deps);
  return {
    createAlertRule: handler(async (request, em) => {
      const rule = await createAlertRule(em, newAlertRuleFrom(request), deps.now());
      return { alertRule: alertRuleToProto(rule) };
    }),

    getAlertRule: handler(async (request, em) => {
      const id = positiveId(request.alertRuleId, 'alert_rule_id');
      const rule = await findAlertRule(em, id);
      if (!rule) throw notFound(id);
      return { alertRule: alertRuleToProto(rule) };
    }),

    updateAlertRule: handler(async (request, em) => {
      const id = positiveId(request.alertRuleId, 'alert_rule_id');
      const rule = await updateAlertRule(em, id, alertRuleChangesFrom(request), deps.now());
      if (!rule) throw notFound(id);
      return { alertRule: alertRuleToProto(rule) };
    }),

    deleteAlertRule: handler(async (request, em) => {
      const id = positiveId(request.alertRuleId, 'alert_rule_id');
      if (!(await deleteAlertRule(em, id))) throw notFound(id);
      return {};
    }),

    listAlertRules: handler(async (request, em) => {
      const organizationId = positiveId(request.organizationId, 'organization_id');
      const size = pageSize(request.pageSize);
      const scope = `alert-rules:${organizationId}`;
      const afterId = decodePageToken(request.pageToken, scope);
      const rules = await listAlertRules(em, { organizationId, afterId, limit: size + 1 });
      const { items, nextPageToken } = page(rules, size, scope, (rule) => rule.id);
      return { alertRules: items.map(alertRuleToProto), nextPageToken };
    }),
  };
}
