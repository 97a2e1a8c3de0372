import { DatePicker, type DatePickerProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

/** How a calendar date travels to and from the services, and sits in form values and drafts: 2026-11-23. */
export const ISO_DATE = 'YYYY-MM-DD';

/** The day an ISO date string names; undefined for anything else (an empty field, an impossible date). */
export function fromIsoDate(value: unknown): Dayjs | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const day = dayjs(value, ISO_DATE, true);
  return day.isValid() ? day : undefined;
}

export const toIsoDate = (value: Dayjs | null | undefined): string | undefined => value?.format(ISO_DATE);

/**
 * Form.Item props for a DateInput over a field that holds an ISO date string: the form's values, the
 * services' inputs, the validation rules and the drafts keep the plain string; only the
 * picker sees a dayjs value.
 */
export const isoDateField = {
  getValueProps: (value: unknown) => ({ value: fromIsoDate(value) }),
  normalize: (value: Dayjs | null | undefined) => toIsoDate(value),
};

/**
 * A date picker (calendar in the page's language, from antd's ConfigProvider and dayjs' locale) that also
 * takes a date typed as YYYY-MM-DD, accepted with Enter.
 */
export function DateInput({ onKeyDown, ...props }: DatePickerProps<Dayjs, false>) {
  return (
    <DatePicker
      format={ISO_DATE}
      style={{ width: 200 }}
      {...props}
      onKeyDown={(event, preventDefault) => {
        // Enter accepts the typed date; it must not also send the half-filled form, as Enter in a text
        // field of a form would.
        if (event.key === 'Enter') event.preventDefault();
        onKeyDown?.(event, preventDefault);
      }}
    />
  );
}
