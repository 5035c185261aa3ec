import { TriangleAlert } from 'lucide-react'
import { Button } from '../common/Button'
import { EmptyState } from '../common/EmptyState'

/** The engine could not be reached or could not start: say why, and offer the one thing to try. */
export function StartupProblem({ message }: { message: string }): React.JSX.Element {
  return (
    <div className="screen">
      <EmptyState
        icon={<TriangleAlert size={28} />}
        title="The studio could not start"
        actions={
          <Button variant="primary" onClick={() => window.location.reload()}>
            Try again
          </Button>
        }
      >
        <p>{message}</p>
      </EmptyState>
    </div>
  )
}
