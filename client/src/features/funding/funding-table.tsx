import { Grid, List, Table } from 'antd';
import type { ReactNode } from 'react';

export interface FundingColumn<T> {
  key: string;
  title: string;
  render: (row: T) => ReactNode;
  align?: 'left' | 'right';
}

interface FundingTableProps<T> {
  rows: readonly T[];
  columns: FundingColumn<T>[];
  rowKey: (row: T, index: number) => string;
  empty: ReactNode;
  loading?: boolean;
  className?: string;
  'data-testid'?: string;
}

/**
 * A table on a wide screen; on a phone each row becomes a card of "label: value" lines, so nothing
 * scrolls sideways (a scrolled table region is also out of a keyboard's reach: axe
 * scrollable-region-focusable), the way the case and referral lists do.
 */
export function FundingTable<T extends object>({
  rows,
  columns,
  rowKey,
  empty,
  loading,
  className,
  ...rest
}: FundingTableProps<T>): React.JSX.Element {
  const narrow = !Grid.useBreakpoint().md;
  if (narrow) {
    return (
      <List<T>
        className={className}
        dataSource={[...rows]}
        loading={loading}
        rowKey={(row) => rowKey(row, rows.indexOf(row))}
        locale={{ emptyText: <div className="muted">{empty}</div> }}
        data-testid={rest['data-testid']}
        renderItem={(row) => (
          <List.Item className="funding-card-row">
            <dl className="funding-card-row__fields">
              {columns.map((c) => (
                <div key={c.key} className="funding-card-row__field">
                  <dt>{c.title}</dt>
                  <dd>{c.render(row)}</dd>
                </div>
              ))}
            </dl>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<T>
      className={className}
      size="small"
      pagination={false}
      loading={loading}
      rowKey={(row) => rowKey(row, rows.indexOf(row))}
      dataSource={[...rows]}
      locale={{ emptyText: empty }}
      data-testid={rest['data-testid']}
      columns={columns.map((c) => ({
        key: c.key,
        title: c.title,
        align: c.align,
        // Right-aligned columns hold money: "10.000.000 ₫" never breaks over two lines.
        className: c.align === 'right' ? 'funding-nowrap' : undefined,
        render: (_: unknown, row: T) => c.render(row),
      }))}
    />
  );
}
