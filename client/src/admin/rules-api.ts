// The HTTP calls of the deadline-rule sections (/admin/kategori, /admin/kalender); the shapes are
// shared/admin-rules-api.ts. `preview: true` sends ?dryRun=1: checked and counted, nothing stored.
import type {
  CalendarDayBody,
  CalendarDayResponse,
  CalendarImportBody,
  CalendarImportResponse,
  CalendarYearResponse,
  CategoriesResponse,
  CategoryBody,
  CategoryResponse,
} from '../../../shared/admin-rules-api.ts';
import type { Lang } from '../i18n/messages.ts';
import { createApiClient, type ApiResult } from '../screens/api-client.ts';

const A = '/api/v1/admin';
const seg = encodeURIComponent;
const dry = (preview: boolean) => (preview ? '?dryRun=1' : '');

export function createRulesApi(lang: Lang) {
  const c = createApiClient({ lang });
  return {
    categories: (): Promise<ApiResult<CategoriesResponse>> => c.get(`${A}/categories`),
    createCategory: (body: CategoryBody, preview = false): Promise<ApiResult<CategoryResponse>> => c.send('POST', `${A}/categories${dry(preview)}`, body),
    changeCategory: (code: string, body: Partial<CategoryBody>, preview = false): Promise<ApiResult<CategoryResponse>> =>
      c.send('PATCH', `${A}/categories/${seg(code)}${dry(preview)}`, body),
    calendar: (year: number): Promise<ApiResult<CalendarYearResponse>> => c.get(`${A}/calendar?year=${year}`),
    setDay: (date: string, body: CalendarDayBody, preview = false): Promise<ApiResult<CalendarDayResponse>> => c.send('PUT', `${A}/calendar/days/${seg(date)}${dry(preview)}`, body),
    removeDay: (date: string, preview = false): Promise<ApiResult<CalendarDayResponse>> => c.send('DELETE', `${A}/calendar/days/${seg(date)}${dry(preview)}`),
    importYear: (body: CalendarImportBody, preview = false): Promise<ApiResult<CalendarImportResponse>> => c.send('POST', `${A}/calendar/import${dry(preview)}`, body),
  };
}

export type RulesApi = ReturnType<typeof createRulesApi>;
