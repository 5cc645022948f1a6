import { useParams } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { PageLoading } from '../../components/page-states';
import { useFundingRequest } from './funding.api';
import { PartnerFundingView } from './partner-funding-view';

/** /marketplace/:id: a listed request (or one the partner pledged to) from the marketplace's side. */
export function PartnerRequestPage(): React.JSX.Element {
  const { id } = useParams();
  const request = useFundingRequest(id);
  if (request.isPending) return <PageLoading />;
  if (request.isError) return <ErrorAlert error={request.error} onRetry={() => void request.refetch()} />;
  return <PartnerFundingView r={request.data} />;
}
