import { Match, Switch } from 'solid-js';
import { useApp } from '../context';
import { SignInScreen } from './SignInScreen';
import { MainScreen } from './MainScreen';
import { Notices } from './Notices';

export function App() {
  const { session } = useApp();
  return (
    <>
      <Switch>
        <Match when={session.session()?.signedIn === true}>
          <MainScreen />
        </Match>
        <Match when={true}>
          <SignInScreen />
        </Match>
      </Switch>
      <Notices />
    </>
  );
}
