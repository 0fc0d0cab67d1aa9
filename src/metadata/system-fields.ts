// Fields every object gets (spec §3.4). They are ordinary FieldModel entries with
// isSystem = true, so the API and DDL treat them like any other field.
import { fieldModel, type FieldModel, type FieldType } from './model.ts';

export const SYSTEM_FIELD_NAMES = ['id', 'createdAt', 'updatedAt', 'deletedAt', 'position', 'createdBy', 'updatedBy', 'searchVector'] as const;

/** Standard relations a new custom object gets, as (standard object, inverse field on the custom object). */
export const CUSTOM_OBJECT_STANDARD_RELATIONS = [
  { object: 'timelineActivity', inverse: 'timelineActivities', label: 'Timeline Activities' },
  { object: 'favorite', inverse: 'favorites', label: 'Favorites' },
  { object: 'attachment', inverse: 'attachments', label: 'Attachments' },
  { object: 'noteTarget', inverse: 'noteTargets', label: 'Notes' },
  { object: 'taskTarget', inverse: 'taskTargets', label: 'Tasks' },
] as const;

function systemField(name: string, type: FieldType, label: string, extra: Partial<FieldModel>, newId: () => string): FieldModel {
  return fieldModel(newId(), name, type, { label, isSystem: true, ...extra });
}

export function createSystemFields(newId: () => string): FieldModel[] {
  return [
    systemField('id', 'UUID', 'Id', { isNullable: false, defaultValue: 'uuid', icon: 'Icon123' }, newId),
    systemField('createdAt', 'DATE_TIME', 'Creation date', { isNullable: false, defaultValue: 'now', icon: 'IconCalendar' }, newId),
    systemField('updatedAt', 'DATE_TIME', 'Last update', { isNullable: false, defaultValue: 'now', icon: 'IconCalendarClock' }, newId),
    systemField('deletedAt', 'DATE_TIME', 'Deleted at', { icon: 'IconCalendarMinus' }, newId),
    systemField('position', 'POSITION', 'Position', { icon: 'IconHierarchy2' }, newId),
    systemField('createdBy', 'ACTOR', 'Created by', { isNullable: false, defaultValue: { source: 'MANUAL', name: 'System' }, icon: 'IconCreativeCommonsSa' }, newId),
    systemField('updatedBy', 'ACTOR', 'Updated by', { isNullable: false, defaultValue: { source: 'MANUAL', name: 'System' }, icon: 'IconUserCircle' }, newId),
    systemField('searchVector', 'TS_VECTOR', 'Search vector', { icon: 'IconUser' }, newId),
  ];
}

export function isSystemFieldName(name: string): boolean {
  return (SYSTEM_FIELD_NAMES as readonly string[]).includes(name);
}
