import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): unknown;
}

/** "Xem thêm" under a paged list, while the API has a next page (nextCursor). */
export function MoreButton({ pages }: { pages: Pages }) {
  const { t } = useTranslation();
  if (!pages.hasNextPage) return null;
  return (
    <Button variant="default" w="fit-content" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
      {t('desk.shell.pager.more')}
    </Button>
  );
}
